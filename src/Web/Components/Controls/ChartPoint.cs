namespace Portal.Web.Components.Controls;

/// <summary>One point of a <see cref="StatsChart"/>: a time and up to two values.</summary>
public readonly record struct ChartPoint(DateTime Time, double A, double B = 0);
