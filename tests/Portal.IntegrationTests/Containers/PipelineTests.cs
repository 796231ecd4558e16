using Portal.Engine.Labels;
using Portal.Engine.Pipeline;
using Portal.Engine.Resources;
using Portal.TestSupport;
using Xunit;

namespace Portal.IntegrationTests.Containers;

/// <summary>What the pipeline guarantees whatever the operation: audit on cancellation, Portal's own container protected.</summary>
public sealed class PipelineTests(EngineFixture fixture) : IntegrationTest(fixture)
{
    [Fact]
    public async Task Run_CallerCancelled_CancellationPropagatesAndIsAudited()
    {
        var name = TestNames.Unique("cancelled");
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Fixture.Containers.RunAsync(Actors.OperatorA, Fixture.Sleeper(name), cancelled.Token));

        var audit = Assert.Single(await Fixture.AuditAsync(name, Token));
        Assert.Equal(("engine-error", "Cancelled by the caller."), (audit.Outcome, audit.Detail));
        Assert.Empty(await Fixture.Daemon.FindSessionContainersAsync(name, Token));
    }

    [Theory]
    [InlineData("stop")]
    [InlineData("restart")]
    [InlineData("kill")]
    [InlineData("remove")]
    public async Task Change_PortalsOwnContainer_RefusedWithTheRuleEvenForAdmin(string action)
    {
        var name = TestNames.Unique("portal-self");
        await Fixture.Daemon.CreateContainerDirectlyAsync(name, ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"], start: true, Token,
            new Dictionary<string, string> { [PortalLabels.Self] = "true" });

        var ex = await FailsAsync(OperationOutcome.Conflict, () => ContainerActions.Invoke(Fixture.Containers, action, Actors.Admin, name, Token));

        Assert.Equal(SelfProtection.Rule, ex.Rule);
        Assert.Contains("Portal's own container (label io.portal.self=true)", ex.Message, StringComparison.Ordinal);
        Assert.Equal("running", (await Fixture.Containers.GetAsync(Actors.Admin, name, Token)).Summary.State);
    }
}
