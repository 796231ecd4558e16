namespace Portal.Web.Logs;

/// <summary>
/// The lines a log page holds, capped by count and by bytes (<see cref="LogRow.Bytes"/>): past either
/// cap the oldest go (down to nine tenths of it, so trimming stays cheap) and <see cref="Dropped"/>
/// counts them for the page to say so. A byte cap matters because one engine line can be 16 KiB:
/// a count alone lets a page of long lines hold hundreds of megabytes.
/// Not thread-safe: the page touches it on its renderer only.
/// </summary>
public sealed class LogRowBuffer(int capacity, long maxBytes = long.MaxValue)
{
    private readonly List<LogRow> _rows = [];

    public int Capacity { get; } = Math.Max(10, capacity);

    public long MaxBytes { get; } = Math.Max(64 * 1024, maxBytes);

    public long Dropped { get; private set; }

    public int Count => _rows.Count;

    /// <summary>The held rows' <see cref="LogRow.Bytes"/> added up.</summary>
    public long Bytes { get; private set; }

    /// <summary>All held rows, oldest first (the list Virtualize renders when nothing filters).</summary>
    public List<LogRow> Rows => _rows;

    public LogRow? Oldest => _rows.Count > 0 ? _rows[0] : null;

    public void Append(IReadOnlyCollection<LogRow> rows)
    {
        _rows.AddRange(rows);
        foreach (var row in rows)
        {
            Bytes += row.Bytes;
        }

        if (_rows.Count > Capacity || Bytes > MaxBytes)
        {
            var (keepRows, keepBytes) = (Capacity - (Capacity / 10), MaxBytes - (MaxBytes / 10));
            var remove = 0;
            var bytes = Bytes;
            while (remove < _rows.Count && (_rows.Count - remove > keepRows || bytes > keepBytes))
            {
                bytes -= _rows[remove].Bytes;
                remove++;
            }

            _rows.RemoveRange(0, remove);
            Bytes = bytes;
            Dropped += remove;
        }
    }

    /// <summary>Adds earlier rows in front, the newest of them that fit both caps; returns how many were added.</summary>
    public int Prepend(IReadOnlyList<LogRow> rows)
    {
        var room = Math.Max(0, Capacity - _rows.Count);
        var take = 0;
        var bytes = Bytes;
        for (var i = rows.Count - 1; i >= 0 && take < room && bytes + rows[i].Bytes <= MaxBytes; i--)
        {
            bytes += rows[i].Bytes;
            take++;
        }

        _rows.InsertRange(0, rows.Skip(rows.Count - take));
        Bytes = bytes;
        return take;
    }

    /// <summary>Rows matching <paramref name="search"/> (all rows when it is empty).</summary>
    public List<LogRow> Matching(string? search) =>
        string.IsNullOrEmpty(search) ? _rows : _rows.Where(r => r.Matches(search)).ToList();

    public void Clear()
    {
        _rows.Clear();
        Bytes = 0;
        Dropped = 0;
    }
}
