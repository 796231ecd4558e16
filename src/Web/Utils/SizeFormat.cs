using System.Globalization;

namespace Portal.Web.Utils;

/// <summary>Byte counts as <c>docker system df</c> writes them (decimal units: kB, MB, GB).</summary>
public static class SizeFormat
{
    private static readonly string[] s_units = ["B", "kB", "MB", "GB", "TB"];

    public static string Bytes(long? bytes)
    {
        if (bytes is not { } b || b < 0)
        {
            return "—";
        }

        double value = b;
        var unit = 0;
        while (value >= 1000 && unit < s_units.Length - 1)
        {
            value /= 1000;
            unit++;
        }

        return unit == 0 ? $"{b.ToString(CultureInfo.InvariantCulture)} B" : $"{value.ToString(value < 10 ? "0.##" : "0.#", CultureInfo.InvariantCulture)} {s_units[unit]}";
    }
}
