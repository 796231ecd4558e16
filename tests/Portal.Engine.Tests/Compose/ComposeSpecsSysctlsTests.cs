using Portal.Engine.Compose.Model;

namespace Portal.Engine.Tests.Compose;

/// <summary>What a service asks the kernel for must reach the run rules: sysctls were applied to the engine but not admitted.</summary>
public sealed class ComposeSpecsSysctlsTests
{
    [Fact]
    public void ToSpec_ServiceWithSysctls_CarriesThemForTheRunRules_AndTheRuleNamesTheKey()
    {
        var doc = ComposeDocuments.ThreeTier();
        doc["services"]!["api"]!.AsObject()["sysctls"] = new System.Text.Json.Nodes.JsonObject { ["net.ipv4.ip_forward"] = "1" };
        var project = ComposeModelBinder.Bind(doc);
        var api = project.Service("api")!;

        var spec = ComposeSpecs.ToSpec(project, api, 1, "team-a", new Dictionary<string, string>());

        Assert.Equal("1", spec.Sysctls["net.ipv4.ip_forward"]);
        Assert.Equal("sysctls", ComposeSpecs.KeyForRule("no-sysctls", api));
    }
}
