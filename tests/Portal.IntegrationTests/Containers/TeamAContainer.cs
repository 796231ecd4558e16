using Portal.Engine.Containers;
using Portal.TestSupport;
using Xunit;

namespace Portal.IntegrationTests.Containers;

/// <summary>One running container of team A, shared by tests that are all refused (they change nothing).</summary>
public sealed class TeamAContainer(EngineFixture fixture) : IAsyncLifetime
{
    public string Name { get; } = TestNames.Unique("team-a-box");

    public ContainerSummary Summary { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(fixture.Daemon.Lifetime);
        cts.CancelAfter(IntegrationTest.TestTimeout);
        Summary = await fixture.Containers.RunAsync(fixture.Actors.OperatorA, fixture.Sleeper(Name), cts.Token);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
