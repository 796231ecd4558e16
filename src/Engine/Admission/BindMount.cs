namespace Portal.Engine.Admission;

/// <summary>A bind as <c>source:target[:options]</c>, split once for the rules.</summary>
public sealed record BindMount(string Source, string Target, bool ReadOnly)
{
    public static BindMount Parse(string bind)
    {
        var parts = (bind ?? "").Split(':');
        var options = parts.Length > 2 ? parts[2].Split(',') : [];
        return new BindMount(parts[0], parts.Length > 1 ? parts[1] : "", options.Contains("ro", StringComparer.Ordinal));
    }
}
