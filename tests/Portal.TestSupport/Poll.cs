namespace Portal.TestSupport;

/// <summary>Waits for a condition by polling with a deadline: tests never sleep a fixed time.</summary>
public static class Poll
{
    /// <summary>How often a condition is re-checked.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    /// <summary>Default deadline for conditions the engine or the events watcher must reach.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);

    /// <summary>Re-runs <paramref name="probe"/> until it returns a value, or throws <see cref="TimeoutException"/> naming <paramref name="what"/>.</summary>
    public static async Task<T> UntilAsync<T>(Func<CancellationToken, Task<T?>> probe, string what, CancellationToken cancellationToken, TimeSpan? timeout = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(probe);
        var limit = timeout ?? DefaultTimeout;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limit);
        while (true)
        {
            try
            {
                if (await probe(deadline.Token) is { } value)
                {
                    return value;
                }

                await Task.Delay(Interval, deadline.Token);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"Timed out after {limit.TotalSeconds:0.#} s waiting for {what}.");
            }
        }
    }

    /// <summary>Re-runs <paramref name="condition"/> until it is true, or throws <see cref="TimeoutException"/>.</summary>
    public static Task UntilAsync(Func<CancellationToken, Task<bool>> condition, string what, CancellationToken cancellationToken, TimeSpan? timeout = null) =>
        UntilAsync<object>(async ct => await condition(ct) ? new object() : null, what, cancellationToken, timeout);
}
