using System.Text.Json.Nodes;

namespace Portal.Engine.Tests.Compose;

/// <summary>Hand-written canonical documents (the shape <c>docker compose config --format json</c> prints).</summary>
internal static class ComposeDocuments
{
    /// <summary>web → api (restart on api's dependency) → db (healthcheck), a named volume, two networks.</summary>
    public static JsonObject ThreeTier(string dbPassword = "one") => new()
    {
        ["name"] = "shop",
        ["services"] = new JsonObject
        {
            ["db"] = new JsonObject
            {
                ["image"] = "portal-test/busybox:latest",
                ["command"] = new JsonArray("sh", "-c", "sleep 3600"),
                ["environment"] = new JsonObject { ["PASSWORD"] = dbPassword },
                ["healthcheck"] = new JsonObject { ["test"] = new JsonArray("CMD", "true"), ["interval"] = "1s", ["retries"] = 3 },
                ["networks"] = new JsonObject { ["back"] = null },
                ["volumes"] = new JsonArray(new JsonObject { ["type"] = "volume", ["source"] = "data", ["target"] = "/data" }),
            },
            ["api"] = new JsonObject
            {
                ["image"] = "portal-test/busybox:latest",
                ["depends_on"] = new JsonObject { ["db"] = new JsonObject { ["condition"] = "service_healthy", ["required"] = true, ["restart"] = true } },
                ["networks"] = new JsonObject { ["back"] = null, ["front"] = new JsonObject { ["aliases"] = new JsonArray("backend") } },
            },
            ["web"] = new JsonObject
            {
                ["image"] = "portal-test/busybox:latest",
                ["depends_on"] = new JsonObject { ["api"] = new JsonObject { ["condition"] = "service_started", ["required"] = true, ["restart"] = false } },
                ["ports"] = new JsonArray(new JsonObject { ["mode"] = "ingress", ["host_ip"] = "127.0.0.1", ["target"] = 80, ["published"] = "8080", ["protocol"] = "tcp" }),
                ["networks"] = new JsonObject { ["front"] = null },
            },
        },
        ["networks"] = new JsonObject { ["front"] = new JsonObject { ["name"] = "shop_front" }, ["back"] = new JsonObject { ["name"] = "shop_back" } },
        ["volumes"] = new JsonObject { ["data"] = new JsonObject { ["name"] = "shop_data" } },
    };
}
