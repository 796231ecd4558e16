using Portal.Engine.Access;

namespace Portal.Web.Security;

/// <summary>
/// A long-lived stream's hold on what it shows (made by <see cref="StreamAccessGuard"/>). The stream's caller was
/// checked when it began; after every change that can take access away (<see cref="AccessChanges"/>) the caller is
/// checked again, and when the check says no — or cannot be made — <see cref="Token"/> is cancelled and
/// <see cref="Withdrawn"/> is set. Changes that arrive while a check runs are folded into one more check.
/// </summary>
public sealed partial class StreamLease : IDisposable
{
    private readonly AccessChanges _changes;
    private readonly Func<CancellationToken, Task<bool>> _stillAllowed;
    private readonly CancellationTokenSource _cts;
    private readonly ILogger _logger;
    private int _dirty;
    private int _running;

    internal StreamLease(AccessChanges changes, Func<CancellationToken, Task<bool>> stillAllowed, string withdrawnMessage, ILogger logger, CancellationToken streamToken)
    {
        _changes = changes;
        _stillAllowed = stillAllowed;
        _logger = logger;
        Message = withdrawnMessage;
        _cts = CancellationTokenSource.CreateLinkedTokenSource(streamToken);
        _changes.Changed += OnChanged;
    }

    /// <summary>Cancelled when the stream ends or its access is withdrawn.</summary>
    public CancellationToken Token => _cts.Token;

    /// <summary>True once access was withdrawn (as opposed to the stream ending by itself).</summary>
    public bool Withdrawn { get; private set; }

    /// <summary>What the caller is told when access was withdrawn.</summary>
    public string Message { get; }

    public void Dispose()
    {
        _changes.Changed -= OnChanged;
        _cts.Dispose();
    }

    private void OnChanged()
    {
        Interlocked.Exchange(ref _dirty, 1);
        if (Interlocked.CompareExchange(ref _running, 1, 0) == 0)
        {
            _ = Task.Run(RecheckAsync);
        }
    }

    private async Task RecheckAsync()
    {
        try
        {
            while (Interlocked.Exchange(ref _dirty, 0) == 1)
            {
                if (!await CheckAsync())
                {
                    Withdraw();
                    return;
                }
            }
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }

        // A change that arrived between the last check and the release starts its own.
        if (Volatile.Read(ref _dirty) == 1)
        {
            OnChanged();
        }
    }

    private async Task<bool> CheckAsync()
    {
        CancellationToken token;
        try
        {
            token = _cts.Token;
        }
        catch (ObjectDisposedException)
        {
            return true;
        }

        try
        {
            return await _stillAllowed(token);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            return true;
        }
        catch (Exception ex)
        {
            // A check that cannot be made ends the stream: the person can open it again.
            Log.RecheckFailed(_logger, ex);
            return false;
        }
    }

    private void Withdraw()
    {
        Withdrawn = true;
        try
        {
            _cts.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The stream ended meanwhile.
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4610, Level = LogLevel.Warning, Message = "Re-checking a stream's access failed; the stream is ended")]
        public static partial void RecheckFailed(ILogger logger, Exception exception);
    }
}
