using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using static Portal.Engine.Compose.Model.ComposeValues;

namespace Portal.Engine.Compose.Model;

/// <summary>
/// Binds the loader's canonical document (<c>docker compose config --format json</c>) to the typed model.
/// Shapes the loader already normalised (list-or-map) are still accepted both ways, so hand-written
/// documents bind too. Errors name the document path.
/// </summary>
public static partial class ComposeModelBinder
{
    /// <summary>The network a service joins when it names none and has no network_mode.</summary>
    public const string DefaultNetwork = "default";

    public static ComposeProject Bind(JsonObject document, string? projectName = null)
    {
        ArgumentNullException.ThrowIfNull(document);
        var name = projectName ?? String(document["name"], "name")
            ?? throw Bad("name", "the project has no name");
        if (!ProjectNamePattern().IsMatch(name))
        {
            throw Bad("name", $"'{name}' is not a valid project name (lowercase letters, digits, '-' and '_', starting with a letter or digit)");
        }

        var services = new List<ComposeService>();
        if (document["services"] is JsonObject servicesNode)
        {
            foreach (var (key, value) in servicesNode)
            {
                services.Add(ComposeServiceBinder.Bind(key, value as JsonObject ?? throw Bad($"services.{key}", "expected a map")));
            }
        }

        if (services.Count == 0)
        {
            throw Bad("services", "the project has no services");
        }

        var networks = BindNetworks(name, document["networks"] as JsonObject);
        if (services.Any(s => s.Networks.ContainsKey(DefaultNetwork)) && !networks.ContainsKey(DefaultNetwork))
        {
            networks[DefaultNetwork] = new ComposeNetwork(DefaultNetwork, $"{name}_{DefaultNetwork}", null, new Dictionary<string, string>(), null,
                false, false, false, false, new Dictionary<string, string>());
        }

        var volumes = BindVolumes(name, document["volumes"] as JsonObject);
        Check(services, networks, volumes);
        return new ComposeProject(name, services, networks, volumes,
            BindFileObjects(name, document["secrets"] as JsonObject, "secrets"),
            BindFileObjects(name, document["configs"] as JsonObject, "configs"),
            document);
    }

    private static Dictionary<string, ComposeNetwork> BindNetworks(string project, JsonObject? node)
    {
        var result = new Dictionary<string, ComposeNetwork>(StringComparer.Ordinal);
        foreach (var (key, value) in node ?? [])
        {
            var path = $"networks.{key}";
            var n = value as JsonObject ?? [];
            var external = IsExternal(n["external"], path);
            ComposeKeySupport.CheckNetwork(path, n);
            var ipam = n["ipam"] is JsonObject ipamNode
                ? new ComposeIpam(String(ipamNode["driver"], path + ".ipam.driver"),
                    (ipamNode["config"] as JsonArray ?? []).OfType<JsonObject>().Select(c => new ComposeIpamPool(
                        String(c["subnet"], path + ".ipam.config.subnet"), String(c["ip_range"], path + ".ipam.config.ip_range"), String(c["gateway"], path + ".ipam.config.gateway"))
                    { AuxAddresses = StringMap(c["aux_addresses"], path + ".ipam.config.aux_addresses") }).ToList())
                { Options = StringMap(ipamNode["options"], path + ".ipam.options") }
                : null;
            result[key] = new ComposeNetwork(key, String(n["name"], path + ".name") ?? LegacyExternalName(n, path) ?? (external ? key : $"{project}_{key}"),
                String(n["driver"], path + ".driver"), StringMap(n["driver_opts"], path + ".driver_opts"), ipam,
                Bool(n["internal"], path + ".internal"), Bool(n["attachable"], path + ".attachable"), external,
                Bool(n["enable_ipv6"], path + ".enable_ipv6"), StringMap(n["labels"], path + ".labels"));
        }

        return result;
    }

    private static Dictionary<string, ComposeVolume> BindVolumes(string project, JsonObject? node)
    {
        var result = new Dictionary<string, ComposeVolume>(StringComparer.Ordinal);
        foreach (var (key, value) in node ?? [])
        {
            var path = $"volumes.{key}";
            var v = value as JsonObject ?? [];
            var external = IsExternal(v["external"], path);
            result[key] = new ComposeVolume(key, String(v["name"], path + ".name") ?? LegacyExternalName(v, path) ?? (external ? key : $"{project}_{key}"),
                String(v["driver"], path + ".driver"), StringMap(v["driver_opts"], path + ".driver_opts"), external, StringMap(v["labels"], path + ".labels"));
        }

        return result;
    }

    private static Dictionary<string, ComposeFileObject> BindFileObjects(string project, JsonObject? node, string section)
    {
        var result = new Dictionary<string, ComposeFileObject>(StringComparer.Ordinal);
        foreach (var (key, value) in node ?? [])
        {
            var path = $"{section}.{key}";
            var o = value as JsonObject ?? [];
            var external = IsExternal(o["external"], path);
            result[key] = new ComposeFileObject(key, String(o["name"], path + ".name") ?? (external ? key : $"{project}_{key}"),
                String(o["file"], path + ".file"), String(o["content"], path + ".content"), String(o["environment"], path + ".environment"), external);
        }

        return result;
    }

    // Older files wrote external as { name: x }; both mean the object is not the project's to create.
    private static bool IsExternal(JsonNode? node, string path) => node is JsonObject || Bool(node, path + ".external");

    private static string? LegacyExternalName(JsonObject o, string path) => String((o["external"] as JsonObject)?["name"], path + ".external.name");

    private static void Check(List<ComposeService> services, Dictionary<string, ComposeNetwork> networks, Dictionary<string, ComposeVolume> volumes)
    {
        var names = services.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var service in services)
        {
            foreach (var network in service.Networks.Keys.Where(n => !networks.ContainsKey(n)))
            {
                throw Bad($"services.{service.Name}.networks.{network}", $"network '{network}' is not declared in the top-level networks");
            }

            foreach (var mount in service.Volumes.Where(m => m.Type == "volume" && m.Source is not null && !volumes.ContainsKey(m.Source)))
            {
                throw Bad($"services.{service.Name}.volumes", $"volume '{mount.Source}' is not declared in the top-level volumes");
            }

            foreach (var source in service.VolumesFromServices.Where(s => !names.Contains(s)))
            {
                throw Bad($"services.{service.Name}.volumes_from", $"service '{source}' is not in the project (a container outside it is 'container:{source}')");
            }

            foreach (var dependency in service.Dependencies.Where(d => !names.Contains(d)))
            {
                if (service.DependsOn.TryGetValue(dependency, out var d) && !d.Required)
                {
                    continue;
                }

                throw Bad($"services.{service.Name}.depends_on", $"service '{dependency}' is not in the project");
            }
        }

        ComposeGraph.Order(services);
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]*$")]
    private static partial Regex ProjectNamePattern();
}
