using System.Diagnostics;
using Portal.Engine.Pipeline;
using Portal.TestSupport;
using Xunit;
using Xunit.Sdk;

namespace Portal.IntegrationTests;

/// <summary>Base of the real-daemon tests: the shared fixture, the actors and a per-test time limit.</summary>
public abstract class IntegrationTest : IDisposable
{
    /// <summary>One test, engine calls and waits included, must finish within this.</summary>
    public static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(90);

    private readonly CancellationTokenSource _timeout;

    protected IntegrationTest(EngineFixture fixture)
    {
        Fixture = fixture;
        _timeout = fixture.Daemon.LinkedTimeout(TestTimeout, TestContext.Current.CancellationToken);
    }

    protected EngineFixture Fixture { get; }

    protected TestActors Actors => Fixture.Actors;

    /// <summary>Cancelled by the runner, the per-test timeout or the fixture's overall timeout.</summary>
    protected CancellationToken Token => _timeout.Token;

    /// <summary>Runs <paramref name="action"/> and returns the Portal failure it must end with.</summary>
    protected static async Task<OperationFailedException> FailsAsync(OperationOutcome outcome, Func<Task> action)
    {
        var ex = await Assert.ThrowsAsync<OperationFailedException>(action);
        Assert.True(outcome == ex.Outcome, $"Expected {outcome} but got {ex.Outcome}: {ex.Message}");
        return ex;
    }

    /// <summary>
    /// Re-runs <paramref name="assertion"/> until it passes, for facts the catalog reaches
    /// eventually: the events watcher may briefly write a snapshot it listed just before the
    /// operation, and the next event batch corrects it. The last failure is rethrown at the deadline.
    /// </summary>
    protected async Task EventuallyAsync(Func<CancellationToken, Task> assertion)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await assertion(Token);
                return;
            }
            catch (Exception ex) when (ex is IAssertionException && clock.Elapsed < Poll.DefaultTimeout)
            {
                await Task.Delay(Poll.Interval, Token);
            }
        }
    }

    public void Dispose()
    {
        _timeout.Dispose();
        GC.SuppressFinalize(this);
    }
}
