namespace Portal.Engine.Stats;

/// <summary>A fixed-size ring of one container's samples: the newest <see cref="Capacity"/> are kept, older ones overwritten.</summary>
/// <remarks>Thread-safe: the sampler appends while pages and hubs take snapshots.</remarks>
public sealed class StatsHistory(int capacity)
{
    private readonly StatsSample[] _items = new StatsSample[capacity];
    private readonly Lock _gate = new();
    private int _next;
    private int _count;

    public int Capacity => _items.Length;

    public void Add(StatsSample sample)
    {
        lock (_gate)
        {
            _items[_next] = sample;
            _next = (_next + 1) % _items.Length;
            _count = Math.Min(_count + 1, _items.Length);
        }
    }

    /// <summary>The kept samples, oldest first.</summary>
    public StatsSample[] Snapshot()
    {
        lock (_gate)
        {
            var result = new StatsSample[_count];
            var start = (_next - _count + _items.Length) % _items.Length;
            for (var i = 0; i < _count; i++)
            {
                result[i] = _items[(start + i) % _items.Length];
            }

            return result;
        }
    }
}
