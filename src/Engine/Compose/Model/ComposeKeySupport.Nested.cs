using System.Text.Json.Nodes;
using static Portal.Engine.Compose.Model.ComposeValues;

namespace Portal.Engine.Compose.Model;

/// <summary>
/// The nested keys: a port's and a mount's long syntax, and the top-level networks and volumes. Paths are dotted
/// below the entry (<c>bind.propagation</c>), as README's table prints them.
/// </summary>
public static partial class ComposeKeySupport
{

    /// <summary>Port long-syntax keys Portal honours.</summary>
    public static IReadOnlyList<string> HonouredPortKeys { get; } = ["host_ip", "protocol", "published", "target"];

    /// <summary>
    /// Port keys compose v2 ignores on a non-Swarm engine, and so does Portal: <c>name</c> and <c>app_protocol</c> are
    /// metadata the engine has no field for; <c>mode</c> <c>ingress</c> (the default) is Swarm's routing mesh, so both
    /// modes publish on the host the same way.
    /// </summary>
    public static IReadOnlyList<string> IgnoredPortKeys { get; } = ["app_protocol", "mode", "name"];

    /// <summary>Mount long-syntax keys Portal passes to the engine (bind options and tmpfs options).</summary>
    public static IReadOnlyList<string> HonouredMountKeys { get; } =
        ["type", "source", "target", "read_only", "bind.propagation", "bind.selinux", "volume.nocopy", "tmpfs.size", "tmpfs.mode"];

    /// <summary>Mount keys compose v2 ignores on Linux, and so does Portal: <c>consistency</c> only meant something to Docker Desktop for Mac.</summary>
    public static IReadOnlyList<string> IgnoredMountKeys { get; } = ["consistency"];

    /// <summary>Mount keys (or values of them) Portal refuses, with the reason.</summary>
    public static IReadOnlyDictionary<string, string> RefusedMountKeys { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["bind.create_host_path"] = "only true is supported: Portal binds through the engine's Binds, which create a missing host path (API 1.41 has no way to refuse it)",
        ["bind.recursive"] = "only enabled is supported: non-recursive and read-only-recursive binds need engine API 1.44; this engine speaks 1.41",
        ["volume.labels"] = "labels on a service's mount are not supported by Portal; set them on the top-level volume",
        ["volume.subpath"] = "volume subpaths need engine API 1.45; this engine speaks 1.41",
        ["image.subpath"] = "image mounts need engine API 1.46; this engine speaks 1.41",
    };

    /// <summary>Top-level network keys Portal passes to the engine's network create.</summary>
    public static IReadOnlyList<string> HonouredNetworkKeys { get; } =
    [
        "attachable", "driver", "driver_opts", "enable_ipv6", "external", "external.name", "internal", "ipam.config.aux_addresses", "ipam.config.gateway",
        "ipam.config.ip_range", "ipam.config.subnet", "ipam.driver", "ipam.options", "labels", "name",
    ];

    /// <summary>Top-level network keys (or values of them) Portal refuses, with the reason.</summary>
    public static IReadOnlyDictionary<string, string> RefusedNetworkKeys { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["enable_ipv4"] = "only true is supported: IPv6-only networks need engine API 1.47; this engine speaks 1.41",
    };

    /// <summary>Top-level volume keys Portal passes to the engine's volume create (all of them).</summary>
    public static IReadOnlyList<string> HonouredVolumeKeys { get; } = ["driver", "driver_opts", "external", "external.name", "labels", "name"];

    /// <summary>Throws naming the first refused key of a long-syntax mount at <paramref name="at"/> (<c>services.web.volumes[0]</c>).</summary>
    public static void CheckMount(string at, JsonObject mount)
    {
        ArgumentNullException.ThrowIfNull(mount);
        var type = String(mount["type"], at + ".type") ?? "volume";
        if (type is not ("volume" or "bind" or "tmpfs"))
        {
            throw Refused($"{at}.type", type == "image"
                ? "image mounts need engine API 1.46; this engine speaks 1.41"
                : $"mount type '{type}' is not supported (volume, bind and tmpfs are)");
        }

        foreach (var key in RefusedMountKeys.Keys)
        {
            var dot = key.IndexOf('.', StringComparison.Ordinal);
            var node = (mount[key[..dot]] as JsonObject)?[key[(dot + 1)..]];
            var allowed = key switch
            {
                "bind.create_host_path" => node is null || Bool(node, $"{at}.{key}"),
                "bind.recursive" => node is null || String(node, $"{at}.{key}") == "enabled",
                _ => node is null,
            };
            if (!allowed)
            {
                throw Refused($"{at}.{key}", RefusedMountKeys[key]);
            }
        }
    }

    /// <summary>The engine bind options a long-syntax mount asks for: <c>nocopy</c>, <c>z</c>/<c>Z</c>, a propagation.</summary>
    public static string MountOptions(string at, JsonObject mount)
    {
        ArgumentNullException.ThrowIfNull(mount);
        var options = new List<string>();
        if (mount["volume"] is JsonObject volume && Bool(volume["nocopy"], at + ".volume.nocopy"))
        {
            // An anonymous volume is created through the container's Volumes list, which takes no options.
            options.Add(mount["source"] is JsonValue source && source.ToString().Length > 0 ? "nocopy"
                : throw Refused(at + ".volume.nocopy", "nocopy needs a named volume (give the mount a source)"));
        }

        if (mount["bind"] is JsonObject bind)
        {
            if (String(bind["selinux"], at + ".bind.selinux") is { } selinux)
            {
                options.Add(selinux is "z" or "Z" ? selinux : throw Bad(at + ".bind.selinux", $"'{selinux}' is not z or Z"));
            }

            if (String(bind["propagation"], at + ".bind.propagation") is { } propagation)
            {
                options.Add(Loading.VolumeSyntax.Propagations.Contains(propagation) ? propagation
                    : throw Bad(at + ".bind.propagation", $"'{propagation}' is not shared, slave, private, rshared, rslave or rprivate"));
            }
        }

        return string.Join(',', options);
    }

    /// <summary>A tmpfs mode as the octal digits the engine's tmpfs option takes (<c>1777</c> means rwxrwxrwt).</summary>
    public static string TmpfsMode(JsonNode node, string path)
    {
        var text = node is JsonValue v && v.TryGetValue<long>(out var number) ? number.ToString(System.Globalization.CultureInfo.InvariantCulture) : String(node, path) ?? "";
        return text.Length is > 0 and <= 4 && text.All(c => c is >= '0' and <= '7') ? text : throw Bad(path, $"'{text}' is not an octal file mode such as 1777");
    }

    /// <summary>Throws naming the first refused key of top-level network <paramref name="path"/> (<c>networks.front</c>).</summary>
    public static void CheckNetwork(string path, JsonObject network)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (network["enable_ipv4"] is { } ipv4 && !Bool(ipv4, path + ".enable_ipv4"))
        {
            throw Refused($"{path}.enable_ipv4", RefusedNetworkKeys["enable_ipv4"]);
        }
    }
}
