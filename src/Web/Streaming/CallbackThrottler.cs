namespace Portal.Web.Streaming;

/// <summary>
/// Runs a callback at most once per interval however often <see cref="Signal"/> is called, with at
/// most one run pending: a burst of catalog events becomes one reload now and one at the end.
/// </summary>
/// <remarks>
/// Signals arrive on Engine background threads. The callback runs on the thread pool and must
/// marshal to the renderer itself (components pass a lambda that calls <c>InvokeAsync</c>).
/// Exceptions are logged, never thrown back at the signalling thread.
/// </remarks>
public sealed class CallbackThrottler(Func<CancellationToken, Task> callback, TimeSpan minInterval, TimeProvider time, ILogger logger) : IDisposable
{
    private readonly Lock _gate = new();
    // Cancelled, never disposed: a run that started just before Dispose may still read the token.
    private readonly CancellationTokenSource _cts = new();
    private bool _pending;
    private long _lastRun = long.MinValue;

    /// <summary>Asks for a run; ignored while one is already waiting.</summary>
    public void Signal()
    {
        TimeSpan delay;
        lock (_gate)
        {
            if (_pending || _cts.IsCancellationRequested)
            {
                return;
            }

            _pending = true;
            delay = _lastRun == long.MinValue ? TimeSpan.Zero : minInterval - time.GetElapsedTime(_lastRun);
        }

        _ = RunAsync(delay < TimeSpan.Zero ? TimeSpan.Zero : delay);
    }

    private async Task RunAsync(TimeSpan delay)
    {
        var token = _cts.Token;
        try
        {
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, time, token);
            }

            lock (_gate)
            {
                // Cleared before the run, so a change that lands during the run schedules one more.
                _pending = false;
                _lastRun = time.GetTimestamp();
            }

            await callback(token);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "A throttled refresh failed");
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _cts.Cancel();
        }
    }
}
