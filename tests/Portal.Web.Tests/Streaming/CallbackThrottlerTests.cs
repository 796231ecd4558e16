using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Portal.Web.Streaming;

namespace Portal.Web.Tests.Streaming;

public sealed class CallbackThrottlerTests
{
    private static readonly TimeSpan s_interval = TimeSpan.FromMilliseconds(500);

    [Fact]
    public async Task Signal_Burst_RunsOnceNowAndOnceAfterTheInterval()
    {
        var time = new FakeTimeProvider();
        var runs = 0;
        var ran = new SemaphoreSlim(0);
        using var throttler = new CallbackThrottler(_ =>
        {
            Interlocked.Increment(ref runs);
            ran.Release();
            return Task.CompletedTask;
        }, s_interval, time, NullLogger.Instance);

        throttler.Signal();
        await ran.WaitAsync(TestContext.Current.CancellationToken);
        for (var i = 0; i < 1000; i++)
        {
            throttler.Signal();
        }

        Assert.Equal(1, Volatile.Read(ref runs));
        time.Advance(s_interval);
        await ran.WaitAsync(TestContext.Current.CancellationToken);
        time.Advance(s_interval * 10);

        Assert.Equal(2, Volatile.Read(ref runs));
    }

    [Fact]
    public async Task Signal_AfterQuietInterval_RunsAtOnce()
    {
        var time = new FakeTimeProvider();
        var ran = new SemaphoreSlim(0);
        using var throttler = new CallbackThrottler(_ =>
        {
            ran.Release();
            return Task.CompletedTask;
        }, s_interval, time, NullLogger.Instance);
        throttler.Signal();
        await ran.WaitAsync(TestContext.Current.CancellationToken);

        time.Advance(s_interval);
        throttler.Signal();

        Assert.True(await ran.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Dispose_PendingRun_NeverRuns()
    {
        var time = new FakeTimeProvider();
        var runs = 0;
        var ran = new SemaphoreSlim(0);
        var throttler = new CallbackThrottler(_ =>
        {
            Interlocked.Increment(ref runs);
            ran.Release();
            return Task.CompletedTask;
        }, s_interval, time, NullLogger.Instance);
        throttler.Signal();
        await ran.WaitAsync(TestContext.Current.CancellationToken);
        throttler.Signal();

        throttler.Dispose();
        time.Advance(s_interval * 2);
        throttler.Signal();

        Assert.Equal(1, Volatile.Read(ref runs));
    }
}
