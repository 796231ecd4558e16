namespace Portal.Engine.Stats;

/// <summary>A fixed-size ring: the newest <see cref="Capacity"/> items are kept, older ones overwritten.</summary>
/// <remarks>Thread-safe: the sampler appends while pages and hubs take snapshots.</remarks>
public class BoundedRing<T>(int capacity)
{
    private readonly T[] _items = new T[capacity];
    private readonly Lock _gate = new();
    private int _next;
    private int _count;

    public int Capacity => _items.Length;

    public void Add(T item)
    {
        lock (_gate)
        {
            _items[_next] = item;
            _next = (_next + 1) % _items.Length;
            _count = Math.Min(_count + 1, _items.Length);
        }
    }

    /// <summary>The kept items, oldest first.</summary>
    public T[] Snapshot()
    {
        lock (_gate)
        {
            var result = new T[_count];
            var start = (_next - _count + _items.Length) % _items.Length;
            for (var i = 0; i < _count; i++)
            {
                result[i] = _items[(start + i) % _items.Length];
            }

            return result;
        }
    }
}
