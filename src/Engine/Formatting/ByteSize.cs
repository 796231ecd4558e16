using System.Globalization;

namespace Portal.Engine.Formatting;

/// <summary>
/// The one way Portal writes a byte count, in pages, charts and messages alike: IEC units (B, KiB,
/// MiB, GiB, TiB), powers of 1024. The docker CLI mixes decimal <c>MB</c> (<c>system df</c>) with
/// binary ones (<c>stats</c>); one unit system means a quota, a limit and a chart agree on a number.
/// </summary>
public static class ByteSize
{
    private static readonly string[] s_units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];

    /// <summary>Rounded to at most two decimals: <c>0 B</c>, <c>512 B</c>, <c>1.5 KiB</c>, <c>64 MiB</c>.</summary>
    public static string Format(long bytes)
    {
        if (bytes < 0)
        {
            return "-" + Format(bytes == long.MinValue ? long.MaxValue : -bytes);
        }

        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < s_units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        // 1023.999 KiB rounds to "1024 KiB"; the next unit reads better.
        if (unit < s_units.Length - 1 && Math.Round(value, 2) >= 1024)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0
            ? bytes.ToString(CultureInfo.InvariantCulture) + " B"
            : value.ToString("0.##", CultureInfo.InvariantCulture) + " " + s_units[unit];
    }

    /// <summary>An unsigned count (engine stats), capped at <see cref="long.MaxValue"/>.</summary>
    public static string Format(ulong bytes) => Format(bytes > long.MaxValue ? long.MaxValue : (long)bytes);

    /// <summary>An optional count: a dash when unknown (null or negative, as the engine reports sizes it did not compute).</summary>
    public static string FormatOptional(long? bytes) => bytes is { } b && b >= 0 ? Format(b) : "—";

    /// <summary>
    /// A limit as written, without rounding: the largest unit it is a whole number of (<c>64 MiB</c>,
    /// <c>1 GiB</c>), else bytes. A refusal must not say "100 MiB of 100 MiB" when the two differ.
    /// </summary>
    public static string Exact(long bytes)
    {
        var unit = 0;
        var value = bytes;
        while (value != 0 && value % 1024 == 0 && unit < s_units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return value.ToString(CultureInfo.InvariantCulture) + " " + s_units[unit];
    }
}
