using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Portal.Engine.Logs;

namespace Portal.Engine.Tests.Logs;

/// <summary>
/// A log source the test drives: each follow-stream it opens is recorded, and lines written with
/// <see cref="Emit"/> go to the open stream. <see cref="StopContainer"/> ends the stream as a stop does.
/// </summary>
internal sealed class FakeLogSource : ILogSource
{
    private readonly ConcurrentQueue<(int Tail, DateTimeOffset? Since)> _opened = new();
    private Channel<IReadOnlyList<LogLine>> _current = Channel.CreateUnbounded<IReadOnlyList<LogLine>>();
    // 0 running, 1 stopped, 2 removed.
    private int _state;
    private int _active;
    private Exception? _failNext;
    private int _waits;

    private readonly ConcurrentQueue<string> _environments = new();

    public IReadOnlyCollection<(int Tail, DateTimeOffset? Since)> Opened => _opened;

    /// <summary>The environment each follow-stream was opened in (outside any scope: local).</summary>
    public IReadOnlyCollection<string> Environments => _environments;

    /// <summary>Follow-streams open right now.</summary>
    public int Active => Volatile.Read(ref _active);

    public async IAsyncEnumerable<IReadOnlyList<LogLine>> FollowAsync(string containerId, int tail, DateTimeOffset? since,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        _opened.Enqueue((tail, since));
        if (Interlocked.Exchange(ref _failNext, null) is { } failure)
        {
            throw failure;
        }

        _environments.Enqueue(Portal.Engine.Docker.EnvironmentScope.Current?.Name ?? "local");
        Interlocked.Increment(ref _active);
        try
        {
            var reader = Volatile.Read(ref _current).Reader;
            await foreach (var batch in reader.ReadAllAsync(cancellationToken))
            {
                yield return batch;
            }
        }
        finally
        {
            Interlocked.Decrement(ref _active);
        }
    }

    public async Task<bool> WaitUntilRunningAsync(string containerId, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _waits);
        while (Volatile.Read(ref _state) == 1)
        {
            await Task.Delay(10, cancellationToken);
        }

        return Volatile.Read(ref _state) == 0;
    }

    /// <summary>Emitted batches the follow-stream has not taken yet.</summary>
    public int Unread => Volatile.Read(ref _current).Reader.Count;

    public void Emit(params LogLine[] lines) => Volatile.Read(ref _current).Writer.TryWrite(lines);

    /// <summary>Ends the current stream as a container stop does; the next stream opens after <see cref="StartContainer"/>.</summary>
    public void StopContainer()
    {
        Volatile.Write(ref _state, 1);
        var old = Interlocked.Exchange(ref _current, Channel.CreateUnbounded<IReadOnlyList<LogLine>>());
        old.Writer.TryComplete();
    }

    /// <summary>The next follow-stream fails at once with <paramref name="failure"/> (an engine that went away).</summary>
    public void FailNextFollow(Exception failure) => Volatile.Write(ref _failNext, failure);

    /// <summary>Times <see cref="WaitUntilRunningAsync"/> was called.</summary>
    public int Waits => Volatile.Read(ref _waits);

    public void StartContainer() => Volatile.Write(ref _state, 0);

    public void RemoveContainer()
    {
        StopContainer();
        Volatile.Write(ref _state, 2);
    }
}
