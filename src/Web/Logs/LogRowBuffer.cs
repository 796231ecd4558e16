namespace Portal.Web.Logs;

/// <summary>
/// The lines a log page holds, capped: past <see cref="Capacity"/> the oldest go (a tenth at a
/// time, so trimming stays cheap) and <see cref="Dropped"/> counts them for the page to say so.
/// Not thread-safe: the page touches it on its renderer only.
/// </summary>
public sealed class LogRowBuffer(int capacity)
{
    private readonly List<LogRow> _rows = [];

    public int Capacity { get; } = Math.Max(10, capacity);

    public long Dropped { get; private set; }

    public int Count => _rows.Count;

    /// <summary>All held rows, oldest first (the list Virtualize renders when nothing filters).</summary>
    public List<LogRow> Rows => _rows;

    public LogRow? Oldest => _rows.Count > 0 ? _rows[0] : null;

    public void Append(IReadOnlyCollection<LogRow> rows)
    {
        _rows.AddRange(rows);
        if (_rows.Count > Capacity)
        {
            var remove = Math.Min(_rows.Count, _rows.Count - Capacity + (Capacity / 10));
            _rows.RemoveRange(0, remove);
            Dropped += remove;
        }
    }

    /// <summary>Adds earlier rows in front, as many as fit; returns how many were added.</summary>
    public int Prepend(IReadOnlyList<LogRow> rows)
    {
        var room = Math.Max(0, Capacity - _rows.Count);
        var take = Math.Min(room, rows.Count);
        _rows.InsertRange(0, rows.Skip(rows.Count - take));
        return take;
    }

    /// <summary>Rows matching <paramref name="search"/> (all rows when it is empty).</summary>
    public List<LogRow> Matching(string? search) =>
        string.IsNullOrEmpty(search) ? _rows : _rows.Where(r => r.Matches(search)).ToList();

    public void Clear()
    {
        _rows.Clear();
        Dropped = 0;
    }
}
