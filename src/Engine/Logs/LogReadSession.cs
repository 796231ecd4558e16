using System.Buffers;
using Docker.DotNet;

namespace Portal.Engine.Logs;

/// <summary>
/// An opened log read: access was checked and the engine answered, so a web endpoint can send its
/// headers before the first line (which may take a while when following). Dispose to close it.
/// </summary>
public sealed class LogReadSession : IDisposable
{
    private const int CopyBufferBytes = 64 * 1024;

    // Below this much free room the buffer is written out rather than read into in small pieces.
    private const int MinFreeBytes = 4 * 1024;

    private readonly MultiplexedStream _stream;
    private readonly int _maxLineBytes;
    private readonly Func<IAsyncEnumerable<IReadOnlyList<LogLine>>, IAsyncEnumerable<IReadOnlyList<LogLine>>> _translate;
    private readonly bool _lines;

    internal LogReadSession(string containerName, MultiplexedStream stream, int maxLineBytes,
        Func<IAsyncEnumerable<IReadOnlyList<LogLine>>, IAsyncEnumerable<IReadOnlyList<LogLine>>> translate, bool lines)
    {
        ContainerName = containerName;
        _stream = stream;
        _maxLineBytes = maxLineBytes;
        _translate = translate;
        _lines = lines;
    }

    /// <summary>The container's name, for a download's file name.</summary>
    public string ContainerName { get; }

    /// <summary>The lines in batches; read once.</summary>
    /// <exception cref="InvalidOperationException">The session was opened for <see cref="CopyToAsync"/> (<see cref="LogQuery.Timestamps"/> set).</exception>
    public IAsyncEnumerable<IReadOnlyList<LogLine>> ReadAllAsync(CancellationToken cancellationToken) =>
        _lines
            ? _translate(LogReader.ReadAsync(_stream, _maxLineBytes, cancellationToken))
            : throw new InvalidOperationException("This log session was opened for a byte copy.");

    /// <summary>
    /// Copies the log as the engine sends it, frame headers removed (stdout and stderr in the engine's
    /// order; a TTY container's bytes as they are) — what <c>docker logs</c> prints. Read once.
    /// </summary>
    /// <remarks>
    /// No per-line work: the engine's frames are gathered in one pooled buffer and written to
    /// <paramref name="destination"/> when it fills or when the next read would wait, so a backlog
    /// travels in 64 KiB writes and a follower still gets each line at once.
    /// </remarks>
    public async Task CopyToAsync(Stream destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferBytes);
        Task<MultiplexedStream.ReadResult>? pending = null;
        try
        {
            var filled = 0;
            while (true)
            {
                pending = _stream.ReadOutputAsync(buffer, filled, buffer.Length - filled, cancellationToken);
                var wrote = false;
                if (!pending.IsCompleted && filled > 0)
                {
                    // The read fills the free part of the buffer meanwhile; the written part is not touched.
                    await destination.WriteAsync(buffer.AsMemory(0, filled), cancellationToken).ConfigureAwait(false);
                    wrote = true;
                }

                var result = await pending.ConfigureAwait(false);
                pending = null;
                if (result.EOF)
                {
                    break;
                }

                if (wrote)
                {
                    Buffer.BlockCopy(buffer, filled, buffer, 0, result.Count);
                    filled = result.Count;
                }
                else
                {
                    filled += result.Count;
                }

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
            if (pending is null || pending.IsCompleted)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    public void Dispose() => _stream.Dispose();
}
