using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Docker.DotNet.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Data.Entities;
using Portal.Data.Stores;
using Portal.Engine.Compose.Stacks;
using Portal.Engine.Configuration;
using Portal.Engine.Docker;
using Portal.Engine.Logs;
using Portal.Engine.Overview;
using Portal.Engine.Pipeline;
using Portal.Engine.Stats;
using Portal.IntegrationTests.Api;
using Portal.TestSupport;
using Portal.Web.Components.Controls;
using Xunit;
using Actor = Portal.Engine.Pipeline.Actor;

namespace Portal.IntegrationTests.Environments;

/// <summary>
/// A second, real engine (the run's namespaced dockerd) added to a running Portal as another environment:
/// stats and logs of its containers come from it even when the local engine has a container of the same name;
/// the lists across environments show both with the right names and only what each team may see there; a stack
/// copied to it is a new record with the same files; and when it dies, the home data and the lists still answer
/// at once, say why, and it comes back with a catalog that matches the engine.
/// </summary>
[Collection(NetnsEngineCollection.Name)]
public sealed class SecondEngineTests(NetnsEngineFixture engine, ApiFixture fx) : IClassFixture<ApiFixture>, IAsyncDisposable
{
    private readonly List<string> _made = [];
    private const string TeamLabel = "io.portal.team";

    private IServiceProvider Services => fx.Factory.Services;

    private string SecondName => "netns-" + fx.Suffix;

    [Fact]
    public async Task StatsAndLogs_OfSameNamedContainers_ComeFromEachOwnEngine()
    {
        var ct = TestContext.Current.CancellationToken;
        var (local, second) = await EnvironmentsAsync(ct);
        var name = "envsame-" + TestNames.Token();
        var (localId, secondId) = await SameNamedPairAsync(name, ct);
        var actor = OperatorA();
        var stats = Services.GetRequiredService<IStatsOperations>();
        var logs = Services.GetRequiredService<ILogOperations>();

        ContainerStats there;
        string thereLog;
        using (Engines.Use(second))
        {
            there = await stats.GetAsync(actor, name, ct);
            thereLog = await FirstLinesAsync(logs, actor, name, ct);
            Assert.Equal(secondId, Assert.Single(await stats.ListAsync(actor, ct), s => s.Name == name).Id);
        }

        var here = await stats.GetAsync(actor, name, ct);
        var hereLog = await FirstLinesAsync(logs, actor, name, ct);

        Assert.Equal(secondId, there.Id);
        // No cgroup files of another engine are read: its figures come from its own API.
        Assert.Equal("api", there.Source);
        Assert.False(Services.GetRequiredService<StatsSamplers>().For(second).ReadsCgroups);
        Assert.Equal(localId, here.Id);
        Assert.Contains("from-second", thereLog, StringComparison.Ordinal);
        Assert.DoesNotContain("from-local", thereLog, StringComparison.Ordinal);
        Assert.Contains("from-local", hereLog, StringComparison.Ordinal);
        Assert.DoesNotContain("from-second", hereLog, StringComparison.Ordinal);
        using (Engines.Use(second))
        {
            Assert.All(await stats.HistoryAsync(actor, name, ct), s => Assert.True(s.Time > DateTime.MinValue));
        }

        Assert.NotSame(Services.GetRequiredService<StatsSamplers>().For(local), Services.GetRequiredService<StatsSamplers>().For(second));
    }

    [Fact]
    public async Task ListsAcrossEnvironments_NameEachRowsEnvironment_AndKeepTeamsApart()
    {
        var ct = TestContext.Current.CancellationToken;
        var (local, second) = await EnvironmentsAsync(ct);
        var name = "envall-" + TestNames.Token();
        await SameNamedPairAsync(name, ct);

        var rows = await fx.AsOperatorA.GetFromJsonAsync<JsonArray>($"/api/v1/containers?environment=all&all=true&q={name}", ct);
        Assert.Equal([local.Name, SecondName], rows!.Select(r => r!["environment"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        var plain = await fx.AsOperatorA.GetFromJsonAsync<JsonArray>($"/api/v1/containers?all=true&q={name}", ct);
        Assert.Equal(local.Name, Assert.Single(plain!)!["environment"]!.GetValue<string>());
        // Team B is granted both environments, and sees none of team A's rows in either.
        var ofB = await fx.AsOperatorB.GetAsync($"/api/v1/containers?environment=all&all=true&q={name}", ct);
        Assert.Equal("[]", await ofB.Content.ReadAsStringAsync(ct));
        Assert.Equal("0", ofB.Headers.GetValues("X-Total-Count").Single());

        var images = await fx.Admin.GetFromJsonAsync<JsonArray>($"/api/v1/images?environment=all&q={Uri.EscapeDataString(engine.Image)}", ct);
        Assert.Contains(images!, i => i!["environment"]!.GetValue<string>() == SecondName);
        Assert.Contains(images!, i => i!["environment"]!.GetValue<string>() == local.Name);
        Assert.Equal(HttpStatusCode.BadRequest, (await fx.AsOperatorA.GetAsync("/api/v1/containers?environment=elsewhere", ct)).StatusCode);

        // Without the grant on the second environment, team A's rows there are gone from its list.
        await WithTeamAGrantAsync(second, null, async () =>
        {
            var narrowed = await fx.AsOperatorA.GetFromJsonAsync<JsonArray>($"/api/v1/containers?environment=all&all=true&q={name}", ct);
            Assert.Equal(local.Name, Assert.Single(narrowed!)!["environment"]!.GetValue<string>());
        }, ct);
    }

    [Fact]
    public async Task StackCopy_MakesANewRecordOnTheTarget_WithTheFiles_NotDeployed()
    {
        var ct = TestContext.Current.CancellationToken;
        var (_, second) = await EnvironmentsAsync(ct);
        var project = "envcopy" + TestNames.Token();
        var compose = $"services:\n  app:\n    image: {engine.Image}\n    command: [\"sleep\", \"600\"]\n";
        var created = await fx.AsOperatorA.PostAsJsonAsync("/api/v1/stacks", new { name = project, team = fx.TeamA, files = new[] { new { name = "compose.yaml", content = compose } }, env = "A=1\n" }, ct);
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync(ct));

        var copy = await fx.AsOperatorA.PostAsJsonAsync($"/api/v1/stacks/{project}/copy", new { environment = SecondName }, ct);
        Assert.True(copy.StatusCode == HttpStatusCode.Created, await copy.Content.ReadAsStringAsync(ct));
        Assert.Equal($"/api/v1/environments/{SecondName}/stacks/{project}", copy.Headers.Location!.OriginalString);
        var stacks = Services.GetRequiredService<StackStore>();
        var record = await stacks.FindAsync(second.Id, project, ct);
        Assert.NotNull(record);
        Assert.Equal(fx.TeamA, record.Team);
        var revision = await stacks.RevisionAsync(record.Id, null, ct);
        Assert.Equal(1, revision!.Number);
        Assert.Equal("A=1\n", revision.Env);
        using (Engines.Use(second))
        {
            var details = await Services.GetRequiredService<StackOperations>().GetAsync(OperatorA(), project, ct);
            Assert.Equal(compose, Assert.Single(details.Files).Content);
            Assert.Equal(SecondName, details.Summary.Environment);
        }

        // Not deployed: the second engine has no container of the project.
        var onEngine = await engine.Client.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"com.docker.compose.project={project}"] = true } },
        }, ct);
        Assert.Empty(onEngine);
        var everywhere = await fx.AsOperatorA.GetFromJsonAsync<JsonArray>("/api/v1/stacks?environment=all", ct);
        Assert.Equal(2, everywhere!.Count(s => s!["name"]!.GetValue<string>() == project));

        Assert.Equal(HttpStatusCode.Conflict, (await fx.AsOperatorA.PostAsJsonAsync($"/api/v1/stacks/{project}/copy", new { environment = SecondName }, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await fx.AsOperatorA.PostAsJsonAsync($"/api/v1/stacks/{project}/copy", new { environment = "no-such-" + fx.Suffix }, ct)).StatusCode);
        // Team B does not see the stack: the same answer as a missing one.
        Assert.Equal(HttpStatusCode.NotFound, (await fx.AsOperatorB.PostAsJsonAsync($"/api/v1/stacks/{project}/copy", new { environment = SecondName, name = project + "b" }, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await fx.AsViewerA.PostAsJsonAsync($"/api/v1/stacks/{project}/copy", new { environment = SecondName, name = project + "v" }, ct)).StatusCode);
        // Granted the environment only as a viewer, team A cannot operate there.
        await WithTeamAGrantAsync(second, TeamRole.Viewer, async () =>
        {
            var refused = await fx.AsOperatorA.PostAsJsonAsync($"/api/v1/stacks/{project}/copy", new { environment = SecondName, name = project + "x" }, ct);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Contains($"on environment '{SecondName}'", await refused.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        }, ct);
    }

    [Fact]
    public async Task SecondEngineDown_HomeAndListsStayFast_SayWhy_AndItRecovers()
    {
        var ct = TestContext.Current.CancellationToken;
        var (local, second) = await EnvironmentsAsync(ct);
        var name = "envdown-" + TestNames.Token();
        await SameNamedPairAsync(name, ct);
        var overviews = Services.GetRequiredService<EnvironmentOverviews>();
        var admin = Actor.System;
        await Poll.UntilAsync(_ => Task.FromResult(Services.GetRequiredService<EngineFactsKeeper>().For(second) is not null), "the second engine's facts", ct);
        var up = await TimingsAsync(overviews, admin, name, ct);
        var rowUp = (await overviews.ListAsync(admin, ct)).Single(r => r.Name == SecondName);
        Assert.True(rowUp.IsConnected);
        Assert.True(rowUp.Facts!.Cpus > 0 && rowUp.Facts.MemoryTotal > 0);
        Assert.Null(rowUp.Disk);
        Assert.NotNull(rowUp.DiskNote);
        Assert.True(rowUp.Running >= 1);

        await engine.StopAsync();
        try
        {
            await Poll.UntilAsync(_ => Task.FromResult(second.Status.State == EngineState.Unavailable), "the second engine to be reported gone", ct, TimeSpan.FromSeconds(30));
            var down = await TimingsAsync(overviews, admin, name, ct);
            var row = (await overviews.ListAsync(admin, ct)).Single(r => r.Name == SecondName);
            Assert.Equal(EngineState.Unavailable, row.State);
            Assert.False(string.IsNullOrEmpty(row.Reason));
            Assert.Equal(rowUp.Facts, row.Facts);
            Assert.Contains($"Environment '{SecondName}' is unreachable since", EngineBanner.Line(SecondName, second.Status), StringComparison.Ordinal);
            Assert.True((await overviews.ListAsync(admin, ct)).Single(r => r.Name == local.Name).IsConnected);

            var report = $"home {up.Home:0.0} → {down.Home:0.0} ms, all-environments list {up.Everywhere:0.0} → {down.Everywhere:0.0} ms, local list {up.Local:0.0} → {down.Local:0.0} ms (median of {Rounds})";
            TestContext.Current.TestOutputHelper?.WriteLine(report);
            Assert.True(down.Home - up.Home < 50 && down.Everywhere - up.Everywhere < 50 && down.Local - up.Local < 50, report);
        }
        finally
        {
            await engine.StartAsync(ct);
        }

        await Poll.UntilAsync(async c =>
        {
            if (!second.Status.IsConnected)
            {
                return false;
            }

            var live = (await engine.Client.Containers.ListContainersAsync(new ContainersListParameters { All = true }, c)).Select(x => x.ID).Order(StringComparer.Ordinal);
            var rows = (await Services.GetRequiredService<CatalogStore>().QueryContainersAsync(second.Id, new ContainerQuery { All = true, Take = 1000 }, c)).Items.Select(r => r.ContainerId).Order(StringComparer.Ordinal);
            return live.SequenceEqual(rows);
        }, "the second engine to reconnect with a catalog matching it", ct, TimeSpan.FromSeconds(60));
        Assert.True((await overviews.ListAsync(admin, ct)).Single(r => r.Name == SecondName).IsConnected);
    }

    private const int Rounds = 15;

    /// <summary>Runs <paramref name="check"/> with team A granted <paramref name="environment"/> at <paramref name="role"/> (null: not at all), then grants it as an operator again.</summary>
    private async Task WithTeamAGrantAsync(EnvironmentEngine environment, TeamRole? role, Func<Task> check, CancellationToken ct)
    {
        var grants = Services.GetRequiredService<EnvironmentGrantStore>();
        await (role is { } r ? grants.SetAsync(fx.TeamA, environment.Id, r, ct) : grants.RemoveAsync(fx.TeamA, environment.Id, ct));
        try
        {
            await check();
        }
        finally
        {
            await grants.SetAsync(fx.TeamA, environment.Id, TeamRole.Operator, ct);
        }
    }

    /// <summary>Medians of the home data, the all-environments list and the local list, in milliseconds.</summary>
    private async Task<(double Home, double Everywhere, double Local)> TimingsAsync(EnvironmentOverviews overviews, Actor actor, string name, CancellationToken ct)
    {
        var home = new List<double>();
        var everywhere = new List<double>();
        var local = new List<double>();
        // The first round warms the paths (JIT, connections) and is not counted.
        for (var i = -1; i < Rounds; i++)
        {
            if (i == 0)
            {
                home.Clear();
                everywhere.Clear();
                local.Clear();
            }

            var watch = Stopwatch.StartNew();
            await overviews.ListAsync(actor, ct);
            home.Add(watch.Elapsed.TotalMilliseconds);
            watch.Restart();
            (await fx.AsOperatorA.GetAsync($"/api/v1/containers?environment=all&all=true&q={name}", ct)).EnsureSuccessStatusCode();
            everywhere.Add(watch.Elapsed.TotalMilliseconds);
            watch.Restart();
            (await fx.AsOperatorA.GetAsync($"/api/v1/containers?all=true&q={name}", ct)).EnsureSuccessStatusCode();
            local.Add(watch.Elapsed.TotalMilliseconds);
        }

        static double Median(List<double> v) => v.Order().ElementAt(v.Count / 2);
        return (Median(home), Median(everywhere), Median(local));
    }

    /// <summary>The local environment and the namespaced engine as a second one (added once per Portal), both granted to teams A and B.</summary>
    private async Task<(EnvironmentEngine Local, EnvironmentEngine Second)> EnvironmentsAsync(CancellationToken ct)
    {
        await engine.StartAsync(ct);
        var engines = Services.GetRequiredService<Engines>();
        await engines.Local.Ready.WaitAsync(ct);
        if (!engines.TryGet(SecondName, out var second))
        {
            var id = await Services.GetRequiredService<EndpointStore>().EnsureAsync(SecondName, engine.Endpoint.ToString(), ct);
            second = engines.Add(new EngineEnvironment(id, SecondName), new EngineConnection(
                Options.Create(new EngineOptions { Endpoint = engine.Endpoint.ToString(), Name = SecondName }), TimeProvider.System, NullLogger<EngineConnection>.Instance));
        }

        var grants = Services.GetRequiredService<EnvironmentGrantStore>();
        foreach (var team in new[] { fx.TeamA, fx.TeamB })
        {
            await grants.SetAsync(team, engines.Local.Id, TeamRole.Operator, ct);
            await grants.SetAsync(team, second.Id, TeamRole.Operator, ct);
        }

        await Poll.UntilAsync(_ => Task.FromResult(second.Status.IsConnected), "the second environment to connect", ct, TimeSpan.FromSeconds(30));
        return (engines.Local, second);
    }

    /// <summary>A running container named <paramref name="name"/> of team A on each engine, each printing its engine, both in their catalogs.</summary>
    private async Task<(string Local, string Second)> SameNamedPairAsync(string name, CancellationToken ct)
    {
        var engines = Services.GetRequiredService<Engines>();
        var second = engines.Get(SecondName);
        var labels = new Dictionary<string, string>(fx.Daemon.SessionLabels) { [TeamLabel] = fx.TeamA };
        var localId = await fx.Daemon.CreateContainerDirectlyAsync(name, ["sh", "-c", "echo from-local; sleep 600"], start: true, ct, labels);
        var created = await engine.Client.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Image = engine.Image,
            Name = name,
            Cmd = ["sh", "-c", "echo from-second; sleep 600"],
            Labels = new Dictionary<string, string> { [TestLabels.Session] = fx.Daemon.SessionId, [TeamLabel] = fx.TeamA },
        }, ct);
        _made.Add(created.ID);
        await engine.Client.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), ct);
        var catalog = Services.GetRequiredService<CatalogStore>();
        await Poll.UntilAsync(async c => await catalog.FindContainerAsync(engines.Local.Id, localId, false, c) is { State: "running" }
            && await catalog.FindContainerAsync(second.Id, created.ID, false, c) is { State: "running" }, "both containers in their catalogs", ct, TimeSpan.FromSeconds(30));
        Assert.NotEqual(localId, created.ID);
        return (localId, created.ID);
    }

    /// <summary>The second engine's containers this test made (the daemon fixture removes the local ones by their session label).</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var id in _made)
        {
            try
            {
                await engine.Client.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true }, CancellationToken.None);
            }
            catch (Docker.DotNet.DockerContainerNotFoundException)
            {
            }
        }
    }

    private Actor OperatorA() => new("id-" + fx.OperatorA, fx.OperatorA, false, new Dictionary<string, TeamRole>(StringComparer.OrdinalIgnoreCase) { [fx.TeamA] = TeamRole.Operator });

    private static async Task<string> FirstLinesAsync(ILogOperations logs, Actor actor, string name, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(TimeSpan.FromSeconds(20));
        await foreach (var batch in logs.WatchAsync(actor, name, 10, cts.Token))
        {
            if (batch.Lines.Count > 0)
            {
                return string.Join('\n', batch.Lines.Select(l => l.Text));
            }
        }

        return "";
    }
}
