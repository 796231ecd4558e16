using System.Text.RegularExpressions;

namespace Portal.Engine.Compose.Loading;

/// <summary>Checks durations (Go syntax: <c>1m30s</c>, <c>500ms</c>) and byte sizes (<c>512m</c>, <c>1gb</c>, <c>1024</c>) that compose keeps as strings.</summary>
internal static partial class UnitsValidator
{
    public static bool IsDuration(object? value) =>
        value is long or double || (value is string s && (s == "0" || DurationPattern().IsMatch(s)));

    public static bool IsByteSize(object? value) =>
        value is long || (value is string s && BytesPattern().IsMatch(s.Trim()));

    [GeneratedRegex(@"^[-+]?((\d+(\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h))+$")]
    private static partial Regex DurationPattern();

    [GeneratedRegex(@"^\d+(\.\d+)?\s?([kKmMgGtTpP][iI]?)?[bB]?$")]
    private static partial Regex BytesPattern();
}
