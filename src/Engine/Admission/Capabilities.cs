namespace Portal.Engine.Admission;

/// <summary>Capability names as Docker accepts them: any case, with or without <c>CAP_</c>.</summary>
public static class Capabilities
{
    /// <summary><c>cap_net_admin</c>, <c>NET_ADMIN</c> and <c>CAP_NET_ADMIN</c> all become <c>NET_ADMIN</c>.</summary>
    public static string Normalize(string name)
    {
        var value = (name ?? "").Trim().ToUpperInvariant();
        return value.StartsWith("CAP_", StringComparison.Ordinal) ? value[4..] : value;
    }

    /// <summary>True when <paramref name="capability"/> is in the allow-list; only an allowed <c>ALL</c> admits <c>ALL</c> or anything.</summary>
    public static bool IsAllowed(string capability, IReadOnlyCollection<string> allowed)
    {
        var normalized = Normalize(capability);
        return allowed.Contains("ALL") || (normalized != "ALL" && allowed.Contains(normalized));
    }
}
