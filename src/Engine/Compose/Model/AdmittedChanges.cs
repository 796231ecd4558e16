using System.Globalization;
using Portal.Engine.Admission;

namespace Portal.Engine.Compose.Model;

/// <summary>
/// What admission changed in a service's spec before it was created (today: the policy's default memory limit,
/// given to a service that sets none). It is part of the config hash, so a policy change recreates the container
/// on the next <c>up</c>, and it is stamped as <see cref="Labels.PortalLabels.ComposeAdmitted"/> so the plan can
/// name the change as the reason.
/// </summary>
public sealed record AdmittedChanges(long? DefaultMemoryBytes)
{
    public static AdmittedChanges None { get; } = new((long?)null);

    public bool IsEmpty => DefaultMemoryBytes is null;

    /// <summary>The difference between the service as loaded and the spec admission returned for it.</summary>
    public static AdmittedChanges Of(ComposeService service, ContainerSpec admitted)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(admitted);
        return service.Limits.MemoryBytes <= 0 && admitted.MemoryBytes > 0 ? new AdmittedChanges(admitted.MemoryBytes) : None;
    }

    /// <summary>The label value, <c>memory=67108864</c>; empty when nothing changed.</summary>
    public string ToLabel() => DefaultMemoryBytes is { } memory ? "memory=" + memory.ToString(CultureInfo.InvariantCulture) : "";

    /// <summary>Reads <see cref="ToLabel"/>; a missing or unreadable label is <see cref="None"/>.</summary>
    public static AdmittedChanges Parse(string? label)
    {
        foreach (var part in (label ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (part.StartsWith("memory=", StringComparison.Ordinal)
                && long.TryParse(part["memory=".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var memory) && memory > 0)
            {
                return new AdmittedChanges(memory);
            }
        }

        return None;
    }

    /// <summary>For plan causes: <c>default memory limit 64 MiB</c>, or <c>no default memory limit</c>.</summary>
    public string Describe() => DefaultMemoryBytes is { } memory
        ? $"default memory limit {Formatting.ByteSize.Exact(memory)}"
        : "no default memory limit";
}
