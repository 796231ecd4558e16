using Microsoft.AspNetCore.Components.Server;

namespace Portal.Web.Configuration;

/// <summary>
/// How long and how many closed pages' circuits Portal keeps. Blazor keeps a circuit whose browser went
/// away so a reconnect finds its state; every kept circuit holds its whole component tree (lists, log
/// lines, charts). The framework's defaults (100 circuits for 3 minutes) let a person opening and
/// closing tabs pin hundreds of megabytes; a dropped network comes back well within a minute, and a
/// page whose circuit is gone reloads itself.
/// </summary>
public static class CircuitLimits
{
    /// <summary>Closed circuits kept for a reconnect at once (framework default 100).</summary>
    public const int MaxRetained = 20;

    /// <summary>How long one is kept (framework default 3 minutes).</summary>
    public static readonly TimeSpan RetentionPeriod = TimeSpan.FromMinutes(1);

    public static void Apply(CircuitOptions options)
    {
        options.DisconnectedCircuitMaxRetained = MaxRetained;
        options.DisconnectedCircuitRetentionPeriod = RetentionPeriod;
    }
}
