namespace Portal.Engine.Logs;

/// <summary>Interleaves lines of several containers by timestamp.</summary>
public static class LogMerge
{
    /// <summary>
    /// Sorts by timestamp, stable, so lines of one container keep their order when times tie or
    /// are missing (a line without a timestamp sorts as its predecessor).
    /// </summary>
    public static IReadOnlyList<MergedLogLine> ByTime(IEnumerable<MergedLogLine> lines)
    {
        var list = new List<(DateTimeOffset Key, int Index, MergedLogLine Line)>();
        var lastByContainer = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            var key = line.Line.Timestamp ?? lastByContainer.GetValueOrDefault(line.Container, DateTimeOffset.MinValue);
            lastByContainer[line.Container] = key;
            list.Add((key, list.Count, line));
        }

        list.Sort((a, b) => a.Key != b.Key ? a.Key.CompareTo(b.Key) : a.Index.CompareTo(b.Index));
        return list.Select(e => e.Line).ToList();
    }
}
