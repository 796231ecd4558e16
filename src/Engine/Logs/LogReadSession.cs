using System.Buffers;
using Docker.DotNet;

namespace Portal.Engine.Logs;

/// <summary>
/// An opened log read: access was checked and the engine answered, so a web endpoint can send its
/// headers before the first line (which may take a while when following). Dispose to close it.
/// </summary>
/// <remarks>
/// A session is opened either for lines (<see cref="ReadAllAsync"/>, through Docker.DotNet's stream) or,
/// when <see cref="LogQuery.Timestamps"/> is set, for a byte copy (<see cref="CopyToAsync"/>, straight
/// from the engine's HTTP body).
/// </remarks>
public sealed class LogReadSession : IDisposable
{
    private const int CopyBufferBytes = 64 * 1024;

    // Below this much free room the buffer is written out rather than read into in small pieces.
    private const int MinFreeBytes = 8 * 1024;

    // How long a follower's bytes may wait for more before they are sent: a quiet container's line
    // arrives within this, a chatty one's lines travel in a few writes a second instead of one each.
    internal static readonly TimeSpan FollowSendDelay = TimeSpan.FromMilliseconds(25);

    private readonly MultiplexedStream? _lines;
    private readonly Stream? _body;
    private readonly bool _tty;
    private readonly bool _follow;
    private readonly TimeProvider _time = TimeProvider.System;
    private readonly int _maxLineBytes;
    private readonly Func<IAsyncEnumerable<IReadOnlyList<LogLine>>, IAsyncEnumerable<IReadOnlyList<LogLine>>> _translate;

    internal LogReadSession(string containerName, MultiplexedStream stream, int maxLineBytes,
        Func<IAsyncEnumerable<IReadOnlyList<LogLine>>, IAsyncEnumerable<IReadOnlyList<LogLine>>> translate)
    {
        ContainerName = containerName;
        _lines = stream;
        _maxLineBytes = maxLineBytes;
        _translate = translate;
    }

    internal LogReadSession(string containerName, Stream body, bool tty, bool follow = false, TimeProvider? time = null)
    {
        ContainerName = containerName;
        _body = body;
        _tty = tty;
        _follow = follow;
        _time = time ?? TimeProvider.System;
        _translate = source => source;
    }

    /// <summary>The container's name, for a download's file name.</summary>
    public string ContainerName { get; }

    /// <summary>The lines in batches; read once.</summary>
    /// <exception cref="InvalidOperationException">The session was opened for <see cref="CopyToAsync"/>.</exception>
    public IAsyncEnumerable<IReadOnlyList<LogLine>> ReadAllAsync(CancellationToken cancellationToken) =>
        _lines is not null
            ? _translate(LogReader.ReadAsync(_lines, _maxLineBytes, cancellationToken))
            : throw new InvalidOperationException("This log session was opened for a byte copy.");

    /// <summary>
    /// Copies the log as <c>docker logs</c> prints it: the engine's bytes with the frame headers removed
    /// (stdout and stderr in the engine's order; a TTY container's bytes as they are). Read once.
    /// </summary>
    /// <remarks>
    /// No per-line work: the engine's body is read into one pooled buffer and demultiplexed in place.
    /// The engine sends each line as its own chunk, so the buffer is written to <paramref name="destination"/>
    /// only when it is (nearly) full or the log ends; a follower's bytes also go out once they have waited
    /// <see cref="FollowSendDelay"/> for more, so a quiet container's line is not held back.
    /// </remarks>
    /// <exception cref="InvalidOperationException">The session was opened for lines.</exception>
    public async Task CopyToAsync(Stream destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var body = _body ?? throw new InvalidOperationException("This log session was opened for lines.");
        var demux = _tty ? null : new LogFrameDemux();
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferBytes);
        var pending = default(ValueTask<int>);
        var inFlight = false;
        try
        {
            var filled = 0;
            var unsentSince = 0L;
            while (true)
            {
                pending = body.ReadAsync(buffer.AsMemory(filled), cancellationToken);
                inFlight = true;
                var wrote = false;
                if (_follow && !pending.IsCompleted && filled > 0)
                {
                    pending = await WaitForMoreAsync(pending, unsentSince, cancellationToken).ConfigureAwait(false);
                    if (!pending.IsCompleted)
                    {
                        // The read fills the free part of the buffer meanwhile; the written part is not touched.
                        await destination.WriteAsync(buffer.AsMemory(0, filled), cancellationToken).ConfigureAwait(false);
                        wrote = true;
                    }
                }

                var read = await pending.ConfigureAwait(false);
                inFlight = false;
                if (read == 0)
                {
                    // What was written while this last read waited must not go out a second time below.
                    filled = wrote ? 0 : filled;
                    break;
                }

                var kept = demux?.Demux(buffer.AsSpan(filled, read)) ?? read;
                if (wrote)
                {
                    buffer.AsSpan(filled, kept).CopyTo(buffer);
                    filled = 0;
                }

                if (filled == 0 && kept > 0)
                {
                    unsentSince = _time.GetTimestamp();
                }

                filled += kept;
                if (buffer.Length - filled < MinFreeBytes)
                {
                    await destination.WriteAsync(buffer.AsMemory(0, filled), cancellationToken).ConfigureAwait(false);
                    filled = 0;
                }
            }

            if (filled > 0)
            {
                await destination.WriteAsync(buffer.AsMemory(0, filled), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            // A read still in flight may write into the buffer later: leave that one to the GC.
            if (!inFlight)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    /// <summary>
    /// Waits for <paramref name="read"/> until the unsent bytes are <see cref="FollowSendDelay"/> old;
    /// returns the read to await (completed when more came in time).
    /// </summary>
    private async ValueTask<ValueTask<int>> WaitForMoreAsync(ValueTask<int> read, long unsentSince, CancellationToken cancellationToken)
    {
        var left = FollowSendDelay - _time.GetElapsedTime(unsentSince);
        if (left <= TimeSpan.Zero)
        {
            return read;
        }

        // Only when a follower's stream goes quiet with bytes unsent: a chatty one fills the buffer first.
        var readTask = read.AsTask();
        using var stopDelay = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(left, _time, stopDelay.Token);
        if (await Task.WhenAny(readTask, delay).ConfigureAwait(false) == readTask)
        {
            await stopDelay.CancelAsync().ConfigureAwait(false);
        }

        return new ValueTask<int>(readTask);
    }

    public void Dispose()
    {
        _lines?.Dispose();
        _body?.Dispose();
    }
}
