namespace Portal.Web.Model;

/// <summary>Splits <c>key=value</c> lines typed in a form (labels, driver options); the Engine validates the values.</summary>
public static class KeyValueLines
{
    /// <exception cref="FormatException">A line has no '='; the message names it.</exception>
    public static IReadOnlyDictionary<string, string> Parse(string? text, string what)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in RunContainerForm.Lines(text))
        {
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new FormatException($"{what} line '{line}' must look like key=value.");
            }

            result[line[..eq].Trim()] = line[(eq + 1)..].Trim();
        }

        return result;
    }
}
