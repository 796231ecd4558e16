using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Portal.Data.Entities;
using Portal.Engine.Exec;
using Portal.Engine.Pipeline;
using Portal.Web.Components.Pages.Containers;
using Portal.Web.Tests.Fakes;

namespace Portal.Web.Tests.Pages;

/// <summary>The Terminal tab: the terminal's options reach terminal.js, and the run-command form shows what exec returned.</summary>
public sealed class ContainerTerminalTests : PortalTestContext
{
    private readonly FakeExecOperations _exec = new();

    public ContainerTerminalTests()
    {
        Services.RemoveAll<IExecOperations>();
        Services.AddSingleton<IExecOperations>(_exec);
    }

    [Fact]
    public async Task RunCommand_Submitted_ShowsStdoutStderrAndExitCode()
    {
        await SignInAsync("alice", teams: ("web", TeamRole.Operator));
        _exec.Result = new ExecResult(3, "out-text\n", "err-text\n", false, false);
        var cut = Render<ContainerRunCommand>(p => p.Add(c => c.Container, "c-1").Add(c => c.Running, true));

        cut.Find("input[data-testid=run-command-line]").Change("echo out; echo err >&2; exit 3");
        cut.Find("input[data-testid=run-command-user]").Change("nobody");
        cut.Find("input[data-testid=run-command-workdir]").Change("/tmp");
        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Equal("exit code 3", cut.Find("[data-testid=run-exit-code]").TextContent.Trim()));
        Assert.Equal("out-text\n", cut.Find("[data-testid=run-stdout]").TextContent);
        Assert.Equal("err-text\n", cut.Find("[data-testid=run-stderr]").TextContent);
        var (actor, container, request) = Assert.Single(_exec.Runs);
        Assert.Equal(("alice", "c-1", "nobody", "/tmp"), (actor, container, request.User, request.WorkingDir));
        Assert.Equal(["sh", "-c", "echo out; echo err >&2; exit 3"], request.Command);
    }

    [Fact]
    public async Task RunCommand_Refused_ShowsTheReason()
    {
        await SignInAsync("vera", teams: ("web", TeamRole.Viewer));
        _exec.Failure = OperationFailedException.Forbidden("You have read-only access to team 'web'.");
        var cut = Render<ContainerRunCommand>(p => p.Add(c => c.Container, "c-1").Add(c => c.Running, true));

        cut.Find("input[data-testid=run-command-line]").Change("id");
        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Equal("You have read-only access to team 'web'.", cut.Find("[data-testid=run-command-error]").TextContent.Trim()));
        Assert.Empty(cut.FindAll("[data-testid=run-stdout]"));
    }

    [Fact]
    public async Task Terminal_Connect_OpensTerminalJsWithShellUserAndWorkingDir()
    {
        await SignInAsync("alice", teams: ("web", TeamRole.Operator));
        var module = JSInterop.SetupModule("./js/terminal.js");
        module.Setup<int>("open", _ => true).SetResult(7);
        var cut = Render<ContainerTerminal>(p => p.Add(c => c.Container, "c-1").Add(c => c.Running, true));

        cut.Find("input[data-testid=terminal-user]").Change("1000");
        cut.Find("input[data-testid=terminal-workdir]").Change("/srv");
        cut.Find("button[data-testid=terminal-connect]").Click();

        cut.WaitForAssertion(() => Assert.Contains("Connected: /bin/sh", cut.Find("[data-testid=terminal-status]").TextContent, StringComparison.Ordinal));
        var options = JsonSerializer.SerializeToElement(module.VerifyInvoke("open").Arguments[2]);
        Assert.Equal("c-1", options.GetProperty("container").GetString());
        Assert.Equal(["/bin/sh"], options.GetProperty("command").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(("1000", "/srv"), (options.GetProperty("user").GetString(), options.GetProperty("workingDir").GetString()));
        Assert.NotEmpty(cut.FindAll("[data-testid=terminal-disconnect]"));
    }

    [Fact]
    public async Task Terminal_ProcessEnds_ShowsMessageAndOffersConnectAgain()
    {
        await SignInAsync("alice", teams: ("web", TeamRole.Operator));
        var module = JSInterop.SetupModule("./js/terminal.js");
        module.Setup<int>("open", _ => true).SetResult(7);
        var cut = Render<ContainerTerminal>(p => p.Add(c => c.Container, "c-1").Add(c => c.Running, true));
        cut.Find("button[data-testid=terminal-connect]").Click();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=terminal-disconnect]")));

        await cut.InvokeAsync(() => cut.Instance.OnSessionEnded("Process exited with code 0."));

        cut.WaitForAssertion(() => Assert.Equal("Process exited with code 0.", cut.Find("[data-testid=terminal-status]").TextContent.Trim()));
        Assert.NotEmpty(cut.FindAll("[data-testid=terminal-connect]"));
    }

    [Fact]
    public async Task Terminal_HubRefuses_ShowsTheHubsMessage()
    {
        await SignInAsync("vera", teams: ("web", TeamRole.Viewer));
        var module = JSInterop.SetupModule("./js/terminal.js");
        module.Setup<int>("open", _ => true).SetException(new Microsoft.JSInterop.JSException(
            "An unexpected error occurred invoking 'StartSession' on the server. HubException: You have read-only access to team 'web'."));
        var cut = Render<ContainerTerminal>(p => p.Add(c => c.Container, "c-1").Add(c => c.Running, true));

        cut.Find("button[data-testid=terminal-connect]").Click();

        cut.WaitForAssertion(() => Assert.Equal("You have read-only access to team 'web'.", cut.Find("[data-testid=terminal-error]").TextContent.Trim()));
    }

    [Fact]
    public async Task Terminal_ContainerNotRunning_ConnectDisabledAndSaysWhy()
    {
        await SignInAsync("alice", teams: ("web", TeamRole.Operator));

        var cut = Render<ContainerTerminal>(p => p.Add(c => c.Container, "c-1").Add(c => c.Running, false));

        Assert.True(cut.Find("button[data-testid=terminal-connect]").HasAttribute("disabled"));
        Assert.Contains("not running", cut.Find("[data-testid=terminal-not-running]").TextContent, StringComparison.Ordinal);
    }
}
