using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Portal.Engine.Compose.Model;

/// <summary>
/// The <c>com.docker.compose.config-hash</c> of a service, computed as compose v2 does: sha256 over the
/// service's compact canonical JSON without the keys that must not force a recreate (build,
/// pull_policy, scale, deploy.replicas, depends_on, profiles). The canonical document comes from the
/// loader in the order <c>docker compose config --format json</c> prints, so equal configs hash equal.
/// </summary>
/// <remarks>
/// The hash covers what Portal creates: the service as loaded plus what admission changed
/// (<see cref="AdmittedChanges"/>). The admitted default memory limit is written into the copy as
/// <c>deploy.resources.limits.memory</c> (bytes) before hashing, so a changed default recreates the container,
/// and a default equal to an explicit limit hashes like it. With no admission change the hash is compose's own.
/// </remarks>
public static class ComposeHash
{
    private static readonly string[] s_excluded = ["build", "pull_policy", "scale", "depends_on", "profiles", "name"];

    // Go's encoder leaves non-ASCII as is; the relaxed encoder is the closest System.Text.Json has.
    private static readonly JsonSerializerOptions s_options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Service(ComposeService service, AdmittedChanges? admitted = null)
    {
        ArgumentNullException.ThrowIfNull(service);
        var copy = (JsonObject)service.Json.DeepClone();
        if (admitted?.DefaultMemoryBytes is { } memory)
        {
            var limits = Child(Child(Child(copy, "deploy"), "resources"), "limits");
            limits["memory"] = memory.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        foreach (var key in s_excluded)
        {
            copy.Remove(key);
        }

        if (copy["deploy"] is JsonObject deployNode)
        {
            deployNode.Remove("replicas");
        }

        var bytes = Encoding.UTF8.GetBytes(copy.ToJsonString(s_options));
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    private static JsonObject Child(JsonObject parent, string key)
    {
        if (parent[key] is JsonObject existing)
        {
            return existing;
        }

        var created = new JsonObject();
        parent[key] = created;
        return created;
    }
}
