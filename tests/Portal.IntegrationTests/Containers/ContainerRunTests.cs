using Portal.Engine.Admission;
using System.Net;
using Portal.Engine.Containers;
using Portal.Engine.Labels;
using Portal.Engine.Pipeline;
using Portal.TestSupport;
using Xunit;

namespace Portal.IntegrationTests.Containers;

public sealed class ContainerRunTests(EngineFixture fixture) : IntegrationTest(fixture)
{
    [Fact]
    public async Task Run_HttpdPublishedOnLoopback_AnswersHttp()
    {
        var name = TestNames.Unique("web");
        var port = FreePorts.Next();

        var summary = await Fixture.Containers.RunAsync(Actors.OperatorA, Fixture.Httpd(name, port), Token);

        Assert.Equal((name, "running", Actors.TeamA, "operator-a"), (summary.Name, summary.State, summary.Team, summary.Owner));
        Assert.Contains($"127.0.0.1:{port}->8080/tcp", summary.Ports, StringComparison.Ordinal);
        var status = await GetStatusAsync(port);
        Assert.True(status is HttpStatusCode.OK or HttpStatusCode.NotFound, $"busybox httpd answered {status}");
        var details = await Fixture.Containers.GetAsync(Actors.OperatorA, name, Token);
        Assert.Contains(new PortMapping("127.0.0.1", port, 8080, "tcp"), details.Ports);
        Assert.Equal(Actors.TeamA, details.Labels[PortalLabels.Team]);
        Assert.Equal("operator-a", details.Labels[PortalLabels.Owner]);
        Assert.Equal(Fixture.Daemon.SessionId, details.Labels[TestLabels.Session]);
        var audit = Assert.Single(await Fixture.AuditAsync(name, Token));
        Assert.Equal(("operator-a", "container.run", "succeeded", Actors.TeamA), (audit.Actor, audit.Action, audit.Outcome, audit.Team));
    }

    [Fact]
    public async Task Run_LimitsEnvAndRestartPolicy_AppliedByEngine()
    {
        var name = TestNames.Unique("limits");
        var request = Fixture.Sleeper(name) with
        {
            Team = Actors.TeamA,
            Memory = "64m",
            Cpus = 0.5,
            Restart = "on-failure:2",
            Env = ["GREETING=hello"],
        };

        await Fixture.Containers.RunAsync(Actors.OperatorA, request, Token);

        var details = await Fixture.Containers.GetAsync(Actors.OperatorA, name, Token);
        Assert.Equal(64L * 1024 * 1024, details.MemoryLimit);
        Assert.Equal(0.5, details.Cpus);
        Assert.Equal("on-failure:2", details.RestartPolicy);
        Assert.Contains("GREETING=hello", details.Env);
        Assert.Equal(["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"], details.Command);
        Assert.Equal("running", details.Summary.State);
    }

    [Fact]
    public async Task Run_AdminWithoutTeam_UnownedAndListedForAdminOnly()
    {
        var name = TestNames.Unique("admin");

        var summary = await Fixture.Containers.RunAsync(Actors.Admin, Fixture.Sleeper(name), Token);

        Assert.Null(summary.Team);
        await EventuallyAsync(async ct =>
            Assert.Equal(summary.Id, Assert.Single((await Fixture.Containers.ListAsync(Actors.Admin, new ContainerListRequest { Text = name }, ct)).Items).Id));
        Assert.Empty((await Fixture.Containers.ListAsync(Actors.OperatorA, new ContainerListRequest { Text = name, All = true }, Token)).Items);
        await FailsAsync(OperationOutcome.NotFound, () => Fixture.Containers.GetAsync(Actors.OperatorA, name, Token));
    }

    [Fact]
    public async Task Run_ShortIdAndName_BothResolve()
    {
        var name = TestNames.Unique("ids");

        var summary = await Fixture.Containers.RunAsync(Actors.OperatorA, Fixture.Sleeper(name), Token);

        Assert.Equal(name, (await Fixture.Containers.GetAsync(Actors.OperatorA, summary.ShortId, Token)).Summary.Name);
        Assert.Equal(summary.Id, (await Fixture.Containers.GetAsync(Actors.OperatorA, name, Token)).Summary.Id);
    }

    /// <summary>Polls until httpd answers: the proxy accepts connections before httpd listens, so early tries fail.</summary>
    private async Task<HttpStatusCode> GetStatusAsync(int port)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var response = await Poll.UntilAsync(async ct =>
        {
            try
            {
                using var r = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/"), ct);
                return (object)r.StatusCode;
            }
            catch (HttpRequestException)
            {
                return null;
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                return null;
            }
        }, $"an HTTP answer on 127.0.0.1:{port}", Token);
        return (HttpStatusCode)response;
    }
}
