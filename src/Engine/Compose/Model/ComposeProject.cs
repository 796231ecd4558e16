using System.Text.Json.Nodes;

namespace Portal.Engine.Compose.Model;

/// <summary>A loaded compose project: the typed view of the canonical document.</summary>
/// <param name="Name">Project name (<c>name</c>), used as the prefix of every object.</param>
/// <param name="Services">Services by name, in document order.</param>
/// <param name="Networks">Top-level networks by key.</param>
/// <param name="Volumes">Top-level volumes by key.</param>
/// <param name="Secrets">Top-level secrets by key.</param>
/// <param name="Configs">Top-level configs by key.</param>
/// <param name="Document">The canonical document the model was bound from (what <c>config</c> shows).</param>
public sealed record ComposeProject(
    string Name,
    IReadOnlyList<ComposeService> Services,
    IReadOnlyDictionary<string, ComposeNetwork> Networks,
    IReadOnlyDictionary<string, ComposeVolume> Volumes,
    IReadOnlyDictionary<string, ComposeFileObject> Secrets,
    IReadOnlyDictionary<string, ComposeFileObject> Configs,
    JsonObject Document)
{
    /// <summary>The service named <paramref name="name"/>, or null.</summary>
    public ComposeService? Service(string name) => Services.FirstOrDefault(s => s.Name == name);
}

/// <summary>A top-level network.</summary>
public sealed record ComposeNetwork(
    string Key,
    string Name,
    string? Driver,
    IReadOnlyDictionary<string, string> DriverOpts,
    ComposeIpam? Ipam,
    bool Internal,
    bool Attachable,
    bool External,
    bool EnableIpv6,
    IReadOnlyDictionary<string, string> Labels);

/// <summary>IPAM settings of a network.</summary>
public sealed record ComposeIpam(string? Driver, IReadOnlyList<ComposeIpamPool> Config)
{
    /// <summary>The IPAM driver's options (<c>ipam.options</c>).</summary>
    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();
}

/// <summary>One IPAM pool.</summary>
public sealed record ComposeIpamPool(string? Subnet, string? IpRange, string? Gateway)
{
    /// <summary>Addresses the IPAM driver must not hand out (<c>aux_addresses</c>: host name → address).</summary>
    public IReadOnlyDictionary<string, string> AuxAddresses { get; init; } = new Dictionary<string, string>();
}

/// <summary>A top-level volume.</summary>
public sealed record ComposeVolume(
    string Key,
    string Name,
    string? Driver,
    IReadOnlyDictionary<string, string> DriverOpts,
    bool External,
    IReadOnlyDictionary<string, string> Labels);

/// <summary>A top-level secret or config with a file (or inline content / environment) source.</summary>
public sealed record ComposeFileObject(string Key, string Name, string? File, string? Content, string? Environment, bool External);
