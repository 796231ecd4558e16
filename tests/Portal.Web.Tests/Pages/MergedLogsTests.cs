using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MudBlazor;
using Portal.Data.Entities;
using Portal.Engine.Logs;
using Portal.Web.Components.Pages.Containers;
using Portal.Web.Components.Pages.Logs;
using Portal.Web.Tests.Fakes;

namespace Portal.Web.Tests.Pages;

public sealed class MergedLogsTests : PortalTestContext
{
    private readonly FakeLogOperations _logs = new();

    public MergedLogsTests()
    {
        Services.RemoveAll<ILogOperations>();
        Services.AddSingleton<ILogOperations>(_logs);
    }

    [Fact]
    public async Task Logs_ContainersInQuery_ShownAsChips()
    {
        await SignInAsync("alice", teams: ("web", TeamRole.Operator));
        Services.GetRequiredService<NavigationManager>().NavigateTo("/logs?c=web-1&c=db&c=web-1");

        var cut = Render<MergedLogs>();

        Assert.Equal(["web-1", "db"], cut.FindAll("[data-testid=logs-chosen]").Select(c => c.TextContent.Trim()));
        Assert.False(cut.Find("[data-testid=logs-show]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task Logs_OneContainerInQuery_Followed()
    {
        await SignInAsync("alice", teams: ("web", TeamRole.Operator));
        Services.GetRequiredService<NavigationManager>().NavigateTo("/logs?c=web-1");

        var cut = Render<MergedLogs>();

        _logs.Push(new LogLine(null, LogStream.Stdout, "hello from the pair"));
        cut.WaitForAssertion(() => Assert.Contains("hello from the pair", cut.Markup, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Logs_PickFromSearch_ThenShow_NavigatesWithEveryChosenContainer()
    {
        await SignInAsync("alice", teams: ("web", TeamRole.Operator));
        Containers.Containers = [FakeContainerOperations.Summary("web-1"), FakeContainerOperations.Summary("web-2"), FakeContainerOperations.Summary("db", state: "exited")];
        Render<MudPopoverProvider>();
        var cut = Render<MergedLogs>();
        Assert.True(cut.Find("[data-testid=logs-show]").HasAttribute("disabled"));

        var picker = cut.FindComponent<MudAutocomplete<string>>();
        var found = await cut.InvokeAsync(() => picker.Instance.SearchFunc!("db", CancellationToken.None)!);
        Assert.Equal(["db"], found);
        Assert.Contains(Containers.ListRequests, r => r is { Text: "db", All: true });
        await cut.InvokeAsync(() => picker.Instance.ValueChanged.InvokeAsync("db"));
        await cut.InvokeAsync(() => picker.Instance.ValueChanged.InvokeAsync("web-2"));
        await cut.InvokeAsync(() => picker.Instance.ValueChanged.InvokeAsync("db"));

        cut.WaitForAssertion(() => Assert.Equal(["db", "web-2"], cut.FindAll("[data-testid=logs-chosen]").Select(c => c.TextContent.Trim())));
        // Already chosen containers are not offered again.
        Assert.Equal(["web-1"], await cut.InvokeAsync(() => picker.Instance.SearchFunc!(null, CancellationToken.None)!));
        cut.Find("[data-testid=logs-show]").Click();

        Assert.EndsWith("/logs?c=db&c=web-2", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ContainerList_TickTwo_LogsOpensTheirMergedView()
    {
        await SignInAsync("alice", teams: ("web", TeamRole.Operator));
        Containers.Containers = [FakeContainerOperations.Summary("web-1"), FakeContainerOperations.Summary("web-2")];
        var cut = Render<ContainerList>();
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("tbody input[type=checkbox]").Count));
        Assert.Null(cut.Find("[data-testid=action-logs]").GetAttribute("href"));

        foreach (var box in cut.FindAll("tbody input[type=checkbox]"))
        {
            box.Change(true);
        }

        cut.WaitForAssertion(() =>
        {
            var href = cut.Find("[data-testid=action-logs]").GetAttribute("href");
            Assert.True(href is "/logs?c=web-1&c=web-2" or "/logs?c=web-2&c=web-1", href);
        });
    }
}
