using System.Globalization;
using Portal.Engine.Formatting;

namespace Portal.Web.Utils;

/// <summary>Stats figures as <c>docker stats</c> prints them.</summary>
public static class StatsFormat
{
    public static string Percent(double value) => value.ToString("0.00", CultureInfo.InvariantCulture) + " %";

    /// <summary>IEC units through the one byte formatter, <see cref="ByteSize"/>.</summary>
    public static string Bytes(ulong bytes) => ByteSize.Format(bytes);

    /// <summary>A transfer rate in binary units per second.</summary>
    public static string Rate(double bytesPerSecond) => Bytes((ulong)Math.Max(0, bytesPerSecond)) + "/s";
}
