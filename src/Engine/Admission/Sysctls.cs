namespace Portal.Engine.Admission;

/// <summary>Sysctl names: the kernel accepts <c>/</c> and <c>.</c> as separators, so both are compared as dots.</summary>
public static class Sysctls
{
    public static string Normalize(string name) => (name ?? "").Trim().Replace('/', '.').ToLowerInvariant();

    /// <summary>True when <paramref name="name"/> equals an entry, or starts with an entry ending in <c>*</c>.</summary>
    public static bool IsAllowed(string name, IReadOnlyCollection<string> allowed)
    {
        var normalized = Normalize(name);
        return allowed.Any(a => a.EndsWith('*')
            ? normalized.StartsWith(a[..^1], StringComparison.Ordinal)
            : normalized == a);
    }
}
