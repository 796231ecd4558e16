using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Exec;
using Portal.Engine.Admission;
using Portal.Engine.Pipeline;
using Portal.TestSupport;
using Xunit;

namespace Portal.IntegrationTests.Exec;

/// <summary>Interactive TTY sessions against the real engine; each test has its own container.</summary>
public sealed class ExecSessionTests(EngineFixture fixture) : IntegrationTest(fixture)
{
    private IExecOperations Exec => Fixture.Host.Services.GetRequiredService<IExecOperations>();

    [Fact]
    public async Task Session_EchoResizeAndExit_OutputSizeExitCodeAndTwoAuditEntries()
    {
        var name = await RunSleeperAsync();
        await using var session = await Exec.StartSessionAsync(Actors.OperatorA, name, new ExecRequest(), new TerminalSize(101, 33), Token);
        var output = new OutputReader(session, Token);

        await session.WriteInputAsync("echo hel''lo\n", 1024, Token);
        await output.WaitForAsync("hello\r\n", Token);
        await session.WriteInputAsync("stty size\n", 1024, Token);
        await output.WaitForAsync("33 101", Token);
        await session.ResizeAsync(new TerminalSize(120, 40), Token);
        await session.WriteInputAsync("stty size\n", 1024, Token);
        await output.WaitForAsync("40 120", Token);
        await session.WriteInputAsync("exit 7\n", 1024, Token);
        var end = await session.Completion.WaitAsync(Token);

        Assert.Equal((7L, "Process exited with code 7.", false), (end.ExitCode, end.Message, end.ContainerStopped));
        await output.Finished.WaitAsync(Token);
        var audit = await Fixture.AuditAsync(name, Token);
        var start = Assert.Single(audit, a => a.Action == ExecOperations.SessionStartAction);
        var stop = Assert.Single(audit, a => a.Action == ExecOperations.SessionEndAction);
        Assert.Equal(("succeeded", Actors.OperatorA.UserName, Actors.TeamA), (start.Outcome, start.Actor, start.Team));
        Assert.Contains("command: /bin/sh", start.Detail, StringComparison.Ordinal);
        Assert.Contains("exit code 7", stop.Detail, StringComparison.Ordinal);
        Assert.Contains("started ", stop.Detail, StringComparison.Ordinal);
        Assert.Contains("ended ", stop.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Session_CommandEndsAtOnce_StartsAndReportsItsExitCode()
    {
        // A command that ends before the first resize: the engine refuses to resize a stopped process, which must
        // not fail the start. Repeated because the end may or may not reach the session before the resize.
        var name = await RunSleeperAsync();
        for (var i = 0; i < 8; i++)
        {
            await using var session = await Exec.StartSessionAsync(Actors.OperatorA, name, new ExecRequest { Command = ["sh", "-c", "exit 3"] }, new TerminalSize(90, 30), Token);
            var output = new OutputReader(session, Token);
            var end = await session.Completion.WaitAsync(Token);
            Assert.Equal(3L, end.ExitCode);
            await output.Finished.WaitAsync(Token);
        }
    }

    [Fact]
    public async Task Session_ContainerStops_EndsSayingSo()
    {
        var name = await RunSleeperAsync();
        await using var session = await Exec.StartSessionAsync(Actors.OperatorA, name, new ExecRequest(), TerminalSize.Default, Token);
        var output = new OutputReader(session, Token);

        await Fixture.Containers.KillAsync(Actors.OperatorA, name, "SIGKILL", Token);
        var end = await session.Completion.WaitAsync(Token);

        Assert.True(end.ContainerStopped, end.Message);
        Assert.Contains("container stopped", end.Message, StringComparison.Ordinal);
        await output.Finished.WaitAsync(Token);
    }

    [Fact]
    public async Task Session_ClosedByOwner_AuditsTheEnd()
    {
        var name = await RunSleeperAsync();
        var session = await Exec.StartSessionAsync(Actors.OperatorA, name, new ExecRequest { Command = ["/bin/sh"] }, TerminalSize.Default, Token);

        await session.DisposeAsync();

        Assert.Equal("Session closed.", (await session.Completion.WaitAsync(Token)).Message);
        Assert.Single(await Fixture.AuditAsync(name, Token), a => a.Action == ExecOperations.SessionEndAction);
    }

    [Fact]
    public async Task Session_ViewerOtherTeamAndPrivileged_Refused()
    {
        var name = await RunSleeperAsync();

        await FailsAsync(OperationOutcome.Forbidden, () => Exec.StartSessionAsync(Actors.ViewerA, name, new ExecRequest(), TerminalSize.Default, Token));
        await FailsAsync(OperationOutcome.NotFound, () => Exec.StartSessionAsync(Actors.OperatorB, name, new ExecRequest(), TerminalSize.Default, Token));
        var privileged = await FailsAsync(OperationOutcome.Forbidden, () => Exec.StartSessionAsync(Actors.OperatorA, name, new ExecRequest { Privileged = true }, TerminalSize.Default, Token));

        Assert.Equal(AdmissionPolicy.PrivilegedExecRule, privileged.Rule);
        var audit = await Fixture.AuditAsync(name, Token);
        Assert.Equal(2, audit.Count(a => a.Action == ExecOperations.SessionStartAction && a.Outcome == "forbidden"));
    }

    private async Task<string> RunSleeperAsync()
    {
        var name = TestNames.Unique("exec");
        await Fixture.Containers.RunAsync(Actors.OperatorA, Fixture.Sleeper(name), Token);
        return name;
    }

    /// <summary>Reads a session's output in the background and lets a test wait for text to appear.</summary>
    private sealed class OutputReader
    {
        private readonly StringBuilder _text = new();
        private readonly Lock _gate = new();

        public OutputReader(ExecSession session, CancellationToken cancellationToken)
        {
            Finished = Task.Run(async () =>
            {
                await foreach (var chunk in session.ReadOutputAsync(cancellationToken))
                {
                    lock (_gate)
                    {
                        _text.Append(chunk);
                    }
                }
            }, cancellationToken);
        }

        public Task Finished { get; }

        public string Text
        {
            get
            {
                lock (_gate)
                {
                    return _text.ToString();
                }
            }
        }

        public async Task WaitForAsync(string expected, CancellationToken cancellationToken)
        {
            try
            {
                await Poll.UntilAsync(_ => Task.FromResult(Text.Contains(expected, StringComparison.Ordinal)), $"'{expected}' in the terminal output", cancellationToken);
            }
            catch (TimeoutException ex)
            {
                throw new TimeoutException($"{ex.Message}; the output was: {Text}", ex);
            }
        }
    }
}
