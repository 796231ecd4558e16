namespace Portal.Engine.Logs;

/// <summary>The last <c>capacity</c> lines of a container; not thread-safe (the topic's lock guards it).</summary>
public sealed class LogRing(int capacity)
{
    private readonly LogLine[] _items = new LogLine[Math.Max(1, capacity)];
    private int _start;

    public int Count { get; private set; }

    public int Capacity => _items.Length;

    public void Add(LogLine line)
    {
        if (Count < _items.Length)
        {
            _items[(_start + Count) % _items.Length] = line;
            Count++;
        }
        else
        {
            _items[_start] = line;
            _start = (_start + 1) % _items.Length;
        }
    }

    /// <summary>The newest <paramref name="count"/> lines, oldest first.</summary>
    public List<LogLine> Last(int count)
    {
        var take = Math.Clamp(count, 0, Count);
        var result = new List<LogLine>(take);
        for (var i = Count - take; i < Count; i++)
        {
            result.Add(_items[(_start + i) % _items.Length]);
        }

        return result;
    }

    public void Clear()
    {
        Array.Clear(_items);
        _start = 0;
        Count = 0;
    }
}
