using Portal.Engine.Compose.Planning;
using Portal.Web.Components.Pages.Stacks;
using Portal.Web.Utils;

namespace Portal.Web.Tests.Controls;

/// <summary>
/// Plan cards at 390 px (issue 15): an object's name wraps only after '-', '_', '.', '/', ':' or '@', never
/// inside a word, and its whole name is the title.
/// </summary>
public sealed class BreakableNameTests : PortalTestContext
{
    [Theory]
    [InlineData("web", new[] { "web" })]
    [InlineData("service:web:1", new[] { "service:", "web:", "1" })]
    [InlineData("shop-frontend_web_1", new[] { "shop-", "frontend_", "web_", "1" })]
    [InlineData("registry.local/team/app@sha", new[] { "registry.", "local/", "team/", "app@", "sha" })]
    [InlineData("a--b", new[] { "a-", "-", "b" })]
    [InlineData("trailing-", new[] { "trailing-" })]
    public void Split_EndsEachPieceAtASeparator(string name, string[] expected)
    {
        var parts = NameBreaks.Split(name);

        Assert.Equal(expected, parts);
        Assert.Equal(name, string.Concat(parts));
    }

    [Fact]
    public void PlanTable_ObjectNames_BreakOnlyAfterSeparators_TitleHoldsTheWholeName()
    {
        var plan = new ComposePlan("shop", [
            new PlanStep(PlanObject.Container, PlanAction.Create, "service:frontend:1", "shop-frontend_web.1", "not created yet"),
            new PlanStep(PlanObject.Network, PlanAction.Keep, "network:default", "network:default", "unchanged"),
        ]);

        var cut = Render<PlanTable>(p => p.Add(t => t.Plan, plan));

        var names = cut.FindAll("[data-testid=plan-object] .breakable-name");
        Assert.Equal(["service:frontend:1", "shop-frontend_web.1", "network:default"], names.Select(n => n.GetAttribute("title")));
        Assert.Equal(["service:frontend:1", "shop-frontend_web.1", "network:default"], names.Select(n => n.TextContent));
        // Every break opportunity follows a separator: a word is never split.
        var name = names[1];
        Assert.Equal(["shop-", "frontend_", "web.", "1"], name.ChildNodes.Where(n => n.NodeName != "WBR").Select(n => n.TextContent));
        Assert.Equal(4, name.QuerySelectorAll("wbr").Length);
    }
}
