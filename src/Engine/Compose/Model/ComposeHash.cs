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
public static class ComposeHash
{
    private static readonly string[] s_excluded = ["build", "pull_policy", "scale", "depends_on", "profiles", "name"];

    // Go's encoder leaves non-ASCII as is; the relaxed encoder is the closest System.Text.Json has.
    private static readonly JsonSerializerOptions s_options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Service(ComposeService service)
    {
        ArgumentNullException.ThrowIfNull(service);
        var copy = (JsonObject)service.Json.DeepClone();
        foreach (var key in s_excluded)
        {
            copy.Remove(key);
        }

        if (copy["deploy"] is JsonObject deploy)
        {
            deploy.Remove("replicas");
        }

        var bytes = Encoding.UTF8.GetBytes(copy.ToJsonString(s_options));
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }
}
