using MudBlazor;
using Portal.Data.Entities;
using Portal.Engine.Networks;
using Portal.Engine.Pipeline;
using NetworkDetails = Portal.Web.Components.Pages.Networks.NetworkDetails;
using Portal.Web.Components.Pages.Networks;
using Portal.Web.Tests.Fakes;

namespace Portal.Web.Tests.Pages;

public sealed class NetworkPagesTests : PortalTestContext
{
    [Fact]
    public async Task NetworkList_ShowsTeamAndBuiltInNetworks()
    {
        await SignInAsync("alice", teams: ("web", TeamRole.Operator));
        Networks.Add(FakeNetworkOperations.Summary("web-net"));
        Networks.Add(FakeNetworkOperations.Summary("bridge", team: null, builtIn: true));

        var cut = Render<NetworkList>();

        cut.WaitForAssertion(() => Assert.Equal(["bridge", "web-net"], cut.FindAll("[data-testid=network-link]").Select(a => a.TextContent.Trim())));
        Assert.Contains("built-in", cut.Find("[data-testid=networks-table]").TextContent, StringComparison.Ordinal);
        Assert.Contains("10.30.0.0/24", cut.Find("[data-testid=networks-table]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NetworkList_CreateDialog_SendsRequestAndShowsNewNetwork()
    {
        await SignInAsync("alice", teams: ("web", TeamRole.Operator));
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<NetworkList>();
        cut.WaitForAssertion(() => Assert.False(cut.Find("[data-testid=create-network]").HasAttribute("disabled")));

        cut.Find("[data-testid=create-network]").Click();
        dialogs.WaitForAssertion(() => dialogs.Find("#network-name"));
        dialogs.Find("#network-name").Input("app-net");
        dialogs.Find("#network-subnet").Input("10.31.0.0/24");
        dialogs.Find("[data-testid=network-create-submit]").Click();

        cut.WaitForAssertion(() => Assert.Equal(("create", "app-net", "web"), Assert.Single(Networks.Calls)));
        cut.WaitForAssertion(() => Assert.Contains("app-net", cut.Find("[data-testid=networks-table]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task NetworkList_CreateRefused_DialogShowsEngineMessage()
    {
        await SignInAsync("alice", teams: ("web", TeamRole.Operator));
        Networks.Failure = new OperationFailedException(OperationOutcome.Forbidden, "Refused by rule 'bridge-networks-only': no.");
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<NetworkList>();
        cut.WaitForAssertion(() => Assert.False(cut.Find("[data-testid=create-network]").HasAttribute("disabled")));

        cut.Find("[data-testid=create-network]").Click();
        dialogs.WaitForAssertion(() => dialogs.Find("#network-name"));
        dialogs.Find("#network-name").Input("mac");
        dialogs.Find("[data-testid=network-create-submit]").Click();

        dialogs.WaitForAssertion(() => Assert.Contains("bridge-networks-only", dialogs.Find("[data-testid=dialog-error]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task NetworkDetails_ShowsMembersAndDisconnects()
    {
        await SignInAsync("alice", teams: ("web", TeamRole.Operator));
        Networks.Add(FakeNetworkOperations.Summary("web-net"), new NetworkMember("c1", "web-1", "10.30.0.2", "", "02:42:0a:1e:00:02", ["api"]));

        var cut = Render<NetworkDetails>(p => p.Add(c => c.IdOrName, "web-net"));
        cut.WaitForAssertion(() => Assert.Contains("web-1", cut.Find("[data-testid=network-members]").TextContent, StringComparison.Ordinal));
        Assert.Contains("10.30.0.2", cut.Find("[data-testid=network-members]").TextContent, StringComparison.Ordinal);

        cut.Find("[data-testid=member-disconnect]").Click();

        cut.WaitForAssertion(() => Assert.Equal(("disconnect", "web-net", "web-1"), Assert.Single(Networks.Calls)));
    }

    [Fact]
    public async Task NetworkDetails_Unknown_SaysNotFound()
    {
        await SignInAsync("bob", teams: ("other", TeamRole.Operator));

        var cut = Render<NetworkDetails>(p => p.Add(c => c.IdOrName, "secret-net"));

        cut.WaitForAssertion(() => Assert.Equal("No network named 'secret-net' was found.", cut.Find("[data-testid=network-not-found]").TextContent.Trim()));
    }

    [Fact]
    public async Task NetworkDetails_Connect_PicksAContainerFromTheVisibleOnes()
    {
        await SignInAsync("alice", teams: ("web", TeamRole.Operator));
        Networks.Add(FakeNetworkOperations.Summary("web-net"), new NetworkMember("c1", "web-1", "10.30.0.2", "", "02:42:0a:1e:00:02", []));
        Containers.Containers = [FakeContainerOperations.Summary("web-1"), FakeContainerOperations.Summary("web-2"), FakeContainerOperations.Summary("worker", state: "exited")];
        Render<MudPopoverProvider>();
        var cut = Render<NetworkDetails>(p => p.Add(c => c.IdOrName, "web-net"));
        cut.WaitForAssertion(() => Assert.Contains("web-1", cut.Find("[data-testid=network-members]").TextContent, StringComparison.Ordinal));
        var picker = cut.FindComponent<MudAutocomplete<string>>();

        var all = await cut.InvokeAsync(() => picker.Instance.SearchFunc!("", CancellationToken.None)!);
        var typed = await cut.InvokeAsync(() => picker.Instance.SearchFunc!("wor", CancellationToken.None)!);

        // Already attached containers are not offered; stopped ones are.
        Assert.Equal(["web-2", "worker"], all.Order(StringComparer.Ordinal));
        Assert.Equal(["worker"], typed);
        await cut.InvokeAsync(() => picker.Instance.ValueChanged.InvokeAsync("worker"));
        cut.Find("[data-testid=network-connect]").Click();
        cut.WaitForAssertion(() => Assert.Equal(("connect", "web-net", "worker"), Assert.Single(Networks.Calls)));
    }
}
