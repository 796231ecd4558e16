using Docker.DotNet;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Docker;
using Portal.Engine.Pipeline;
using Portal.Engine.Tests.Logs;

namespace Portal.Engine.Tests.Docker;

/// <summary>The environment registry: the configured engine is <c>local</c>; others are found by name, and work runs on the current one.</summary>
public sealed class EnginesTests
{
    private const string Endpoint = "unix:///run/portal-tests-nothing-here.sock";

    private static Engines NewEngines(string name = "local") => TestEngines.Create(name, Endpoint);

    private static EngineConnection NewConnection(string endpoint) => TestEngines.Connection(endpoint);

    [Fact]
    public void Local_IsTheConfiguredEngine_ResolvedByNameAndCurrentOutsideAnyScope()
    {
        using var engines = NewEngines();

        Assert.Equal("local", engines.Local.Name);
        Assert.Equal(Endpoint, engines.Local.Endpoint);
        Assert.Same(engines.Local, engines.Get("local"));
        Assert.Same(engines.Local, engines.Current);
        Assert.Equal([engines.Local], engines.All);
        Assert.False(engines.Local.Ready.IsCompleted);

        engines.Local.SetId(7);

        Assert.True(engines.Local.Ready.IsCompleted);
        Assert.Equal(new EngineEnvironment(7, "local"), engines.Local.Environment);
        Assert.Equal("local", engines.NameOf(7));
        Assert.Null(engines.NameOf(8));
        Assert.Null(engines.NameOf(null));
    }

    [Fact]
    public void UnknownEnvironment_IsNotFoundNamingIt()
    {
        using var engines = NewEngines();

        var failure = Assert.Throws<OperationFailedException>(() => engines.Get("prod"));
        Assert.Equal(OperationOutcome.NotFound, failure.Outcome);
        Assert.Equal("No environment named 'prod' was found.", failure.Message);
        Assert.Equal(OperationOutcome.NotFound, Assert.Throws<OperationFailedException>(() => engines.Use("prod")).Outcome);
        Assert.False(engines.TryGet("prod", out _));
        // Names are exact, as in routes.
        Assert.Throws<OperationFailedException>(() => engines.Get("LOCAL"));
    }

    [Fact]
    public void Client_OfAnEngineThatNeverConnected_IsAClearUnavailableFailure()
    {
        using var engines = NewEngines();

        var failure = Assert.Throws<OperationFailedException>(() => engines.Current.Client);

        Assert.Equal(OperationOutcome.EngineUnavailable, failure.Outcome);
        Assert.StartsWith("The Docker engine is not available", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_AtRuntime_IsFoundByNameAndBecomesCurrentInsideItsScope_AcrossAwaitsAndTasks()
    {
        using var engines = NewEngines();
        var added = new List<EnvironmentEngine>();
        engines.Added += added.Add;

        var staging = engines.Add(new EngineEnvironment(2, "staging"), NewConnection("unix:///run/portal-tests-staging.sock"));

        Assert.Equal([staging], added);
        Assert.Same(staging, engines.Get("staging"));
        Assert.Equal([engines.Local, staging], engines.All);
        Assert.True(staging.Ready.IsCompleted);
        Assert.Equal("staging", engines.NameOf(2));
        using (engines.Use("staging"))
        {
            Assert.Same(staging, engines.Current);
            await Task.Yield();
            Assert.Same(staging, engines.Current);
            Assert.Same(staging, await Task.Run(() => engines.Current, TestContext.Current.CancellationToken));
            using (Engines.Use(engines.Local))
            {
                Assert.Same(engines.Local, engines.Current);
            }

            Assert.Same(staging, engines.Current);
        }

        Assert.Same(engines.Local, engines.Current);
    }

    [Fact]
    public void Add_TakenName_IsRefusedAndKeepsTheFirst()
    {
        using var engines = NewEngines();
        using var other = NewConnection("unix:///run/portal-tests-other.sock");

        var failure = Assert.Throws<OperationFailedException>(() => engines.Add(new EngineEnvironment(3, "local"), other));

        Assert.Equal(OperationOutcome.Conflict, failure.Outcome);
        Assert.Same(engines.Local, engines.Get("local"));
        Assert.Single(engines.All);
        Assert.Throws<ArgumentException>(() => engines.Add(new EngineEnvironment(0, "no-row"), other));
    }

    [Fact]
    public void Remove_TakesItOut_RetiresIt_AndRaisesRemoved_ButNeverTheLocalOne()
    {
        using var engines = NewEngines();
        var prod = engines.Add(new EngineEnvironment(2, "prod"), NewConnection("unix:///run/prod.sock"));
        EnvironmentEngine? removed = null;
        engines.Removed += e => removed = e;

        Assert.True(engines.Remove("prod"));

        Assert.Same(prod, removed);
        Assert.True(prod.Retired.IsCancellationRequested);
        Assert.False(engines.TryGet("prod", out _));
        Assert.Equal([engines.Local], engines.All);
        Assert.Null(engines.NameOf(2));
        Assert.False(engines.Remove("prod"));
        Assert.Throws<InvalidOperationException>(() => engines.Remove("local"));
        Assert.Same(engines.Local, engines.Get("local"));
        Assert.False(engines.Local.Retired.IsCancellationRequested);
    }

    [Fact]
    public void Replace_SwapsTheEngineOfAnEditedEnvironment_UnderItsNewName()
    {
        using var engines = NewEngines();
        var old = engines.Add(new EngineEnvironment(2, "prod"), NewConnection("unix:///run/prod.sock"));
        var events = new List<string>();
        engines.Removed += e => events.Add("removed " + e.Name);
        engines.Added += e => events.Add("added " + e.Name);

        var replaced = engines.Replace("prod", new EngineEnvironment(2, "production"), NewConnection("unix:///run/production.sock"));

        Assert.Equal(["removed prod", "added production"], events);
        Assert.True(old.Retired.IsCancellationRequested);
        Assert.Same(replaced, engines.Get("production"));
        Assert.Equal("unix:///run/production.sock", replaced.Endpoint);
        Assert.Equal(2, replaced.Id);
        Assert.False(engines.TryGet("prod", out _));
    }

    [Fact]
    public void AddPortalEngine_RegistersTheRegistry_AndNoProcessWideClientOrConnection()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddPortalEngine(o => o.Endpoint = Endpoint);

        Assert.DoesNotContain(services, d => d.ServiceType == typeof(IDockerClient) || d.ServiceType == typeof(DockerClient) || d.ServiceType == typeof(EngineConnection));
        using var provider = services.BuildServiceProvider();
        var engines = provider.GetRequiredService<Engines>();
        Assert.Equal("local", engines.Local.Name);
        Assert.Same(engines.Local, engines.Get("local"));
    }
}
