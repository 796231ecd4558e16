namespace Portal.Engine.Configuration;

/// <summary>How Portal reaches its Docker engine.</summary>
public sealed class EngineOptions
{
    /// <summary>Docker endpoint, for example <c>unix:///var/run/docker.sock</c> or <c>tcp://127.0.0.1:2375</c>.</summary>
    public string Endpoint { get; set; } = "unix:///var/run/docker.sock";

    /// <summary>Short name of this environment, used in routes and the catalog.</summary>
    public string Name { get; set; } = "local";

    /// <summary>First delay before reconnecting after the engine went away; doubles up to <see cref="MaxReconnectDelay"/>.</summary>
    /// <remarks>A reconnect attempt is one cheap <c>/version</c> call, so watching closely costs little and the catalog and streams resume within about a second of the engine's return.</remarks>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Shortest time between two disk-usage reads for volume sizes (<c>system df</c> walks every volume, so it is shared and throttled).</summary>
    public TimeSpan VolumeSizeMinInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Volume sizes are read again at least this often, even when no volume event asked for it.</summary>
    public TimeSpan VolumeSizeMaxAge { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Longest delay between reconnection attempts.</summary>
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Timeout of ordinary (non-streaming) engine calls.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>
    /// A local image Portal creates short-lived, never-started helper containers from to read a
    /// volume's files (browse, download). It must already be on the engine: Portal never pulls it.
    /// </summary>
    public string HelperImage { get; set; } = "portal-test/busybox:latest";

    /// <summary>Largest build context accepted, as uploaded and as re-written for the engine; larger uploads are refused as soon as they pass it.</summary>
    public long MaxBuildContextBytes { get; set; } = 1L << 30;

    /// <summary>Largest single file a stack keeps (compose, .env, build context, uploaded binaries), in bytes as stored.</summary>
    public long MaxStackFileBytes { get; set; } = 1L << 20;

    /// <summary>Largest total of a stack's files and .env in one revision, in bytes as stored.</summary>
    public long MaxStackBytes { get; set; } = 4L << 20;

    /// <summary>
    /// Host folder holding one folder per compose stack (<c>&lt;data&gt;/stacks</c> in the web host): relative bind
    /// sources such as <c>./data</c> resolve under <c>&lt;StacksFolder&gt;/&lt;stack&gt;/</c>, which <c>up</c> creates.
    /// </summary>
    public string StacksFolder { get; set; } = Path.GetFullPath(Path.Combine("data", "stacks"));
}
