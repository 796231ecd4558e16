using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Data.Entities;
using Portal.Engine.Configuration;
using Portal.Engine.Docker;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Tests.Docker;

/// <summary>Opening an environment for a caller: unknown and not granted read the same; the local one always exists, narrowed.</summary>
public sealed class EnvironmentAccessTests
{
    private const string Endpoint = "unix:///run/portal-tests-nothing-here.sock";

    private static Engines NewEngines()
    {
        var engines = new Engines(Options.Create(new EngineOptions { Endpoint = Endpoint, Name = "local" }), TimeProvider.System, NullLoggerFactory.Instance);
        engines.Local.SetId(1);
        engines.Add(new EngineEnvironment(2, "prod"), new EngineConnection(new EnvironmentDefinition("prod", EnvironmentKind.Socket, Endpoint), TimeSpan.FromSeconds(100), TimeProvider.System, NullLogger<EngineConnection>.Instance));
        return engines;
    }

    private static Actor Member(params (int Environment, TeamRole Role)[] grants) =>
        new("u1", "alice", false, new Dictionary<string, TeamRole> { ["web"] = TeamRole.Operator })
        {
            EnvironmentGrants = new Dictionary<string, IReadOnlyDictionary<int, TeamRole>>
            {
                ["web"] = grants.ToDictionary(g => g.Environment, g => g.Role),
            },
        };

    [Fact]
    public async Task Granted_OpensNarrowedAndEntersIt()
    {
        using var engines = NewEngines();
        var ct = TestContext.Current.CancellationToken;

        var opened = await engines.OpenAsync(Member((2, TeamRole.Viewer)), "prod", ct);

        Assert.Equal("prod", opened.Engine.Name);
        Assert.Equal(TeamRole.Viewer, opened.Actor.Teams["web"]);
        Assert.Same(engines.Local, engines.Current);
        using (opened.Enter())
        {
            Assert.Same(opened.Engine, engines.Current);
            Assert.Same(opened.Engine, EnvironmentAccess.Entered);
        }

        Assert.Null(EnvironmentAccess.Entered);
    }

    [Fact]
    public async Task NotGrantedAndUnknown_AreTheSameNotFound()
    {
        using var engines = NewEngines();
        var ct = TestContext.Current.CancellationToken;

        var hidden = await Assert.ThrowsAsync<OperationFailedException>(() => engines.OpenAsync(Member((1, TeamRole.Operator)), "prod", ct));
        var unknown = await Assert.ThrowsAsync<OperationFailedException>(() => engines.OpenAsync(Member((1, TeamRole.Operator)), "nope", ct));

        Assert.Equal(OperationOutcome.NotFound, hidden.Outcome);
        Assert.Equal(unknown.Outcome, hidden.Outcome);
        Assert.Equal("No environment named 'prod' was found.", hidden.Message);
        Assert.Equal(unknown.Message.Replace("nope", "prod", StringComparison.Ordinal), hidden.Message);
    }

    [Fact]
    public async Task Local_AlwaysOpens_NarrowedToNothingWithoutItsGrant()
    {
        using var engines = NewEngines();
        var ct = TestContext.Current.CancellationToken;

        var opened = await engines.OpenAsync(Member((2, TeamRole.Operator)), null, ct);

        Assert.Same(engines.Local, opened.Engine);
        Assert.Empty(opened.Actor.Teams);
        Assert.Same(engines.Local, (await engines.OpenAsync(Member((1, TeamRole.Operator)), "local", ct)).Engine);
    }

    [Fact]
    public async Task Within_EveryStepOfAStreamRunsInTheEnvironment()
    {
        using var engines = NewEngines();
        var ct = TestContext.Current.CancellationToken;
        var opened = await engines.OpenAsync(Member((2, TeamRole.Operator)), "prod", ct);

        async IAsyncEnumerable<string> Names()
        {
            for (var i = 0; i < 3; i++)
            {
                await Task.Yield();
                yield return engines.Current.Name;
            }
        }

        var seen = new List<string>();
        await foreach (var name in opened.Within(Names, ct))
        {
            seen.Add(name);
            Assert.Same(engines.Local, engines.Current);
        }

        Assert.Equal(["prod", "prod", "prod"], seen);
    }
}
