using System.Threading.Channels;
using Docker.DotNet.Models;

namespace Portal.Engine.Images.Jobs;

/// <summary>
/// Pull and push progress from the engine's reader thread, held for one consumer at bounded cost:
/// a message replaces the pending one with the same <see cref="ImageJob.ProgressKey"/> (a layer's
/// newer progress wins, the overall line keeps its latest, the first error stays), so at most
/// <see cref="Capacity"/> messages wait however far the consumer falls behind.
/// </summary>
/// <remarks>
/// Coalescing is exact for the job: <see cref="ImageJob.Apply(IReadOnlyList{JSONMessage})"/> keeps only
/// the latest state per key. New keys past the capacity (more layers than a job shows) are dropped and counted.
/// </remarks>
public sealed class CoalescingProgress : IProgress<JSONMessage>
{
    /// <summary>Messages waiting at most: one per layer a job shows, plus the status line and the error.</summary>
    public const int Capacity = ImageJob.MaxLayers + 2;

    private readonly Lock _gate = new();
    private readonly List<JSONMessage> _pending = [];
    private readonly Dictionary<string, int> _slots = new(StringComparer.Ordinal);
    // A one-slot wake-up: however many reports arrive, the consumer is woken once and takes them all.
    private readonly Channel<bool> _signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest });
    private long _dropped;

    /// <summary>Messages dropped because <see cref="Capacity"/> distinct keys were already waiting.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Messages waiting now (never more than <see cref="Capacity"/>).</summary>
    public int Pending
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count;
            }
        }
    }

    public void Report(JSONMessage value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (ImageJob.ProgressKey(value) is not { } key)
        {
            return;
        }

        lock (_gate)
        {
            if (_slots.TryGetValue(key, out var slot))
            {
                if (key != ImageJob.ErrorKey)
                {
                    _pending[slot] = value;
                }
            }
            else if (_pending.Count < Capacity)
            {
                _slots[key] = _pending.Count;
                _pending.Add(value);
            }
            else
            {
                Interlocked.Increment(ref _dropped);
                return;
            }
        }

        _signal.Writer.TryWrite(true);
    }

    /// <summary>No more reports will come; <see cref="TakeAsync"/> returns what is left, then an empty batch.</summary>
    public void Complete() => _signal.Writer.TryComplete();

    /// <summary>Waits for messages and takes all that are waiting, in the order their keys first arrived; empty once completed and drained.</summary>
    public async Task<IReadOnlyList<JSONMessage>> TakeAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            lock (_gate)
            {
                if (_pending.Count > 0)
                {
                    var batch = _pending.ToList();
                    _pending.Clear();
                    _slots.Clear();
                    return batch;
                }
            }

            if (!await _signal.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                lock (_gate)
                {
                    // Reports made just before completion whose wake-up was already taken.
                    var rest = _pending.ToList();
                    _pending.Clear();
                    _slots.Clear();
                    return rest;
                }
            }

            _signal.Reader.TryRead(out _);
        }
    }
}
