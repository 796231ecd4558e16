using Portal.Data.Stores;

namespace Portal.Data.Tests;

/// <summary>Builds engine snapshots for catalog tests.</summary>
internal static class CatalogSnapshots
{
    public static string NewId() => $"{Guid.NewGuid():N}{Guid.NewGuid():N}";

    public static CatalogContainerSnapshot Of(
        string id,
        string name,
        string state = "running",
        string? team = null,
        string image = "busybox:latest",
        IReadOnlyDictionary<string, string>? labels = null)
    {
        var allLabels = new Dictionary<string, string>(labels ?? new Dictionary<string, string>());
        if (team is not null)
        {
            allLabels["io.portal.team"] = team;
        }

        return new CatalogContainerSnapshot(
            id, name, image, "sha256:" + new string('0', 64), "sleep 1000", state, state == "running" ? "Up {duration}" : "Exited (0)", null,
            "", allLabels, team, team is null ? null : "someone", new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));
    }
}
