namespace Portal.Web.Utils;

/// <summary>
/// Where a long object name may wrap on a narrow screen: after the separators people read as word ends
/// ('-', '_', '.', '/', ':', '@'), never inside a word.
/// </summary>
public static class NameBreaks
{
    private static readonly char[] s_separators = ['-', '_', '.', '/', ':', '@'];

    /// <summary>The name in pieces, each ending at a separator (the last one may not); joined they are the name again.</summary>
    public static IReadOnlyList<string> Split(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var parts = new List<string>();
        var start = 0;
        while (start < name.Length)
        {
            var separator = name.IndexOfAny(s_separators, start);
            var end = separator < 0 ? name.Length : separator + 1;
            parts.Add(name[start..end]);
            start = end;
        }

        return parts;
    }
}
