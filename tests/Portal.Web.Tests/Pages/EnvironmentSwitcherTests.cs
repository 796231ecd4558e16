using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MudBlazor;
using Portal.Data.Entities;
using Portal.Data.Stores;
using Portal.Engine.Docker;
using Portal.Engine.Pipeline;
using Portal.Web.Components.Layout;
using Portal.Web.Model;
using Portal.Web.Utils;

namespace Portal.Web.Tests.Pages;

/// <summary>The app bar's environment switcher, the page's environment from <c>?env=</c>, and the gate for one that does not exist for the person.</summary>
public sealed class EnvironmentSwitcherTests : PortalTestContext
{
    private const string Nowhere = "unix:///nonexistent/portal-web-env.sock";

    [Fact]
    public async Task Switcher_ListsLocalAndGrantedEnvironments_AndSwitchingKeepsThePage()
    {
        await SignInAsync("alice", teams: ("web", TeamRole.Operator));
        await AddEnvironmentAsync("prod", grantTo: "web");
        await AddEnvironmentAsync("secret", grantTo: null);
        Services.GetRequiredService<NavigationManager>().NavigateTo("/containers?all=true");
        var popover = Render<MudPopoverProvider>();

        var cut = Render<EnvironmentSwitcher>();
        cut.Find("[data-testid=environment-menu] button").Click();

        popover.WaitForAssertion(() => Assert.Equal(["local", "prod"], popover.FindAll("[data-testid=environment-item]").Select(i => i.GetAttribute("data-environment"))));
        Assert.Contains("connecting", popover.FindAll("[data-testid=environment-item]")[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("local", cut.Find("[data-testid=environment-menu]").TextContent, StringComparison.Ordinal);

        popover.FindAll("[data-testid=environment-item]")[1].Click();
        Assert.EndsWith("/containers?all=true&env=prod", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Switcher_Admin_ListsEveryEnvironment()
    {
        await SignInAsync("root", admin: true);
        await AddEnvironmentAsync("secret", grantTo: null);
        var popover = Render<MudPopoverProvider>();

        var cut = Render<EnvironmentSwitcher>();
        cut.Find("[data-testid=environment-menu] button").Click();

        popover.WaitForAssertion(() => Assert.Equal(["local", "secret"], popover.FindAll("[data-testid=environment-item]").Select(i => i.GetAttribute("data-environment"))));
    }

    [Fact]
    public async Task CircuitActivity_RunsInTheUrlsEnvironment_AndLinksCarryIt()
    {
        await SignInAsync("alice", teams: ("web", TeamRole.Operator));
        var prod = await AddEnvironmentAsync("prod", grantTo: "web");
        var engines = Services.GetRequiredService<Engines>();
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("/containers?env=prod");
        using var handler = new EnvironmentCircuitHandler(Services.GetRequiredService<CurrentEnvironment>(), navigation);
        var seen = new List<string>();
        // Stands in for the router, which renders the new page while the location change is raised (it subscribes after the handler).
        void Router(object? sender, Microsoft.AspNetCore.Components.Routing.LocationChangedEventArgs e) =>
            seen.AddRange([engines.Current.Name, PortalUrls.Container("web-1")]);

        var activity = handler.CreateInboundActivityHandler(_ =>
        {
            seen.Add(engines.Current.Name);
            seen.Add(PortalUrls.Container("web-1"));
            seen.Add(PortalUrls.LogDownload("web-1"));
            return Task.CompletedTask;
        });
        await activity(null!);
        navigation.LocationChanged += Router;
        navigation.NavigateTo("/containers");
        navigation.NavigateTo("/volumes?env=prod");
        navigation.LocationChanged -= Router;

        Assert.Equal(["prod", "/containers/web-1?env=prod", "/api/v1/environments/prod/containers/web-1/logs/download",
            "local", "/containers/web-1", "prod", "/containers/web-1?env=prod"], seen);
        var actor = await Services.GetRequiredService<CurrentActor>().GetAsync(TestContext.Current.CancellationToken);
        Assert.Equal(prod.Id, actor.EnvironmentId);
    }

    [Theory]
    [InlineData("nope")]
    [InlineData("secret")]
    public async Task Gate_UnknownOrNotGrantedEnvironment_SaysNotFound(string name)
    {
        await SignInAsync("alice", teams: ("web", TeamRole.Operator));
        await AddEnvironmentAsync("secret", grantTo: null);
        Services.GetRequiredService<CurrentEnvironment>().SetFromUri($"http://localhost/containers?env={name}");

        var cut = Render<EnvironmentGate>(p => p.AddChildContent("<p data-testid=\"page\">page</p>"));

        cut.WaitForAssertion(() => Assert.Equal($"No environment named '{name}' was found.", cut.Find("[data-testid=environment-not-found]").TextContent.Trim()));
        Assert.Empty(cut.FindAll("[data-testid=page]"));
    }

    [Fact]
    public async Task Gate_GrantedEnvironment_ShowsThePageWithTheNarrowedActor()
    {
        await SignInAsync("alice", teams: ("web", TeamRole.Operator));
        var prod = await AddEnvironmentAsync("prod", grantTo: "web", role: TeamRole.Viewer);
        Services.GetRequiredService<CurrentEnvironment>().SetFromUri("http://localhost/containers?env=prod");

        var cut = Render<EnvironmentGate>(p => p.AddChildContent("<p data-testid=\"page\">page</p>"));

        cut.WaitForAssertion(() => cut.Find("[data-testid=page]"));
        var actor = await Services.GetRequiredService<CurrentActor>().GetAsync(TestContext.Current.CancellationToken);
        Assert.Equal(prod.Id, actor.EnvironmentId);
        Assert.Equal(TeamRole.Viewer, actor.Teams["web"]);
    }

    /// <summary>An environment with its row (no engine answers there), granted to <paramref name="grantTo"/> when given.</summary>
    private async Task<EnvironmentEngine> AddEnvironmentAsync(string name, string? grantTo, TeamRole role = TeamRole.Operator)
    {
        var ct = TestContext.Current.CancellationToken;
        await LocalEnvironmentAsync();
        var id = await Services.GetRequiredService<EndpointStore>().EnsureAsync(name, Nowhere, ct);
        if (grantTo is not null)
        {
            Assert.True(await Services.GetRequiredService<EnvironmentGrantStore>().SetAsync(grantTo, id, role, ct));
        }

        return Services.GetRequiredService<Engines>().Add(new EngineEnvironment(id, name),
            new EngineConnection(new EnvironmentDefinition(name, EnvironmentKind.Socket, Nowhere), TimeSpan.FromSeconds(100), TimeProvider.System, NullLogger<EngineConnection>.Instance));
    }
}
