using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Exec;
using Portal.Engine.Admission;
using Portal.Engine.Pipeline;
using Portal.IntegrationTests.Containers;
using Portal.TestSupport;
using Xunit;

namespace Portal.IntegrationTests.Exec;

/// <summary>Non-interactive exec against the real engine, in one running container of team A.</summary>
public sealed class ExecRunTests(EngineFixture fixture, TeamAContainer box) : IntegrationTest(fixture), IClassFixture<TeamAContainer>
{
    private IExecOperations Exec => Fixture.Host.Services.GetRequiredService<IExecOperations>();

    [Fact]
    public async Task Run_ShellWritingBothStreams_ReturnsStdoutStderrAndExitCode()
    {
        var marker = TestNames.Token();

        var result = await Exec.RunAsync(Actors.OperatorA, box.Name, Command($"echo out-{marker}; echo err-{marker} >&2; exit 3"), null, Token);

        Assert.Equal(($"out-{marker}\n", $"err-{marker}\n", 3L, false, false), (result.Stdout, result.Stderr, result.ExitCode, result.Truncated, result.TimedOut));
        var audit = Assert.Single(await Fixture.AuditAsync(box.Name, Token), a => a.Detail?.Contains(marker, StringComparison.Ordinal) == true);
        Assert.Equal((ExecOperations.RunAction, "succeeded", Actors.TeamA, Actors.OperatorA.UserName), (audit.Action, audit.Outcome, audit.Team, audit.Actor));
        Assert.Contains("exit code 3", audit.Detail, StringComparison.Ordinal);
        Assert.Contains("started ", audit.Detail, StringComparison.Ordinal);
        Assert.Contains("ended ", audit.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_UserWorkingDirAndEnv_AppliedToTheProcess()
    {
        var request = new ExecRequest { Command = ["sh", "-c", "id -u; pwd; echo $GREETING"], User = "1234", WorkingDir = "/tmp", Env = ["GREETING=hej"] };

        var result = await Exec.RunAsync(Actors.OperatorA, box.Name, request, null, Token);

        Assert.Equal("1234\n/tmp\nhej\n", result.Stdout);
        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public async Task Run_OutputPastTheBound_KeepsOneMebibyteAndSaysSo()
    {
        var result = await Exec.RunAsync(Actors.OperatorA, box.Name, Command("head -c 3000000 /dev/zero | tr '\\0' a"), null, Token);

        Assert.True(result.Truncated);
        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith(new string('a', 1024 * 1024) + "\n[output truncated: ", result.Stdout, StringComparison.Ordinal);
        Assert.Contains($"{3000000 - (1024 * 1024)} more bytes", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_SlowerThanTheTimeout_StopsWaitingAndSaysSo()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var result = await Exec.RunAsync(Actors.OperatorA, box.Name, Command("echo begun; sleep 30"), TimeSpan.FromSeconds(2), Token);

        Assert.True(result.TimedOut);
        Assert.Equal(-1, result.ExitCode);
        // On a loaded machine the engine may not have delivered the first line within the timeout.
        Assert.True(result.Stdout is "" or "begun\n", result.Stdout);
        Assert.Contains("stopped waiting", result.Stderr, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Run_Viewer_ForbiddenAndAudited()
    {
        var marker = TestNames.Token();

        await FailsAsync(OperationOutcome.Forbidden, () => Exec.RunAsync(Actors.ViewerA, box.Name, Command($"echo {marker}"), null, Token));

        var audit = await Fixture.AuditAsync(box.Name, Token);
        Assert.Contains(audit, a => a.Action == ExecOperations.RunAction && a.Outcome == "forbidden" && a.Actor == Actors.ViewerA.UserName);
    }

    [Fact]
    public async Task Run_OtherTeamsOperator_NotFoundLikeAMissingContainer()
    {
        var ex = await FailsAsync(OperationOutcome.NotFound, () => Exec.RunAsync(Actors.OperatorB, box.Name, Command("echo hi"), null, Token));
        var missing = await FailsAsync(OperationOutcome.NotFound, () => Exec.RunAsync(Actors.OperatorB, "no-such-" + TestNames.Token(), Command("echo hi"), null, Token));

        Assert.Equal(missing.Message.Replace(missing.Message.Split('\'')[1], box.Name, StringComparison.Ordinal), ex.Message);
        Assert.DoesNotContain(Actors.TeamA, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_PrivilegedByOperator_RefusedNamingTheRule()
    {
        var ex = await FailsAsync(OperationOutcome.Forbidden, () =>
            Exec.RunAsync(Actors.OperatorA, box.Name, Command("echo hi") with { Privileged = true }, null, Token));

        Assert.Equal(AdmissionPolicy.PrivilegedExecRule, ex.Rule);
        var audit = await Fixture.AuditAsync(box.Name, Token);
        Assert.Contains(audit, a => a.Action == ExecOperations.RunAction && a.Outcome == "forbidden" && a.Detail!.StartsWith($"[{AdmissionPolicy.PrivilegedExecRule}]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_PrivilegedByAdmin_ReachesTheEngine()
    {
        var marker = TestNames.Token();

        var result = await Exec.RunAsync(Actors.Admin, box.Name, Command($"echo {marker}") with { Privileged = true }, null, Token);

        // Admission lets it through; a sandboxed daemon may itself fail to grant every capability
        // ("unable to apply caps", exit 126), which is the engine's answer, not Portal's refusal.
        Assert.True(result is { ExitCode: 0 } || result.Stdout.Contains("unable to apply caps", StringComparison.Ordinal), $"{result.ExitCode}: {result.Stdout}");
        Assert.Contains(await Fixture.AuditAsync(box.Name, Token), a => a.Actor == Actors.Admin.UserName && a.Outcome == "succeeded" && a.Detail!.Contains(marker, StringComparison.Ordinal));
    }

    private static ExecRequest Command(string line) => new() { Command = ExecCommands.FromCommandLine(line) };
}
