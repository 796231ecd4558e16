namespace Portal.Engine.Compose.Loading;

/// <summary>Where a node came from in the user's files; line and column are 1-based, 0 when unknown.</summary>
internal readonly record struct SourceMark(string File, int Line, int Column)
{
    public static readonly SourceMark None = new(string.Empty, 0, 0);
}

/// <summary>
/// The loader's working tree: YAML with every node remembering its file/line/column, so errors found after
/// interpolation, merging and extends still point into the file the user wrote.
/// </summary>
internal abstract class ComposeNode(SourceMark mark)
{
    public SourceMark Mark { get; set; } = mark;

    /// <summary>A local YAML tag such as <c>!reset</c> or <c>!override</c>, else null.</summary>
    public string? Tag { get; set; }

    public abstract ComposeNode Clone();
}

/// <summary>A mapping with string keys in document order.</summary>
internal sealed class MapNode(SourceMark mark) : ComposeNode(mark)
{
    private readonly OrderedDictionary<string, ComposeNode> _entries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SourceMark> _keyMarks = new(StringComparer.Ordinal);

    public int Count => _entries.Count;

    public IEnumerable<KeyValuePair<string, ComposeNode>> Entries => _entries;

    public IEnumerable<string> Keys => _entries.Keys;

    public ComposeNode? this[string key] => _entries.TryGetValue(key, out var node) ? node : null;

    public bool Contains(string key) => _entries.ContainsKey(key);

    public SourceMark KeyMark(string key) => _keyMarks.TryGetValue(key, out var mark) ? mark : Mark;

    public void Set(string key, ComposeNode value, SourceMark? keyMark = null)
    {
        _entries[key] = value;
        if (keyMark is { } m)
        {
            _keyMarks[key] = m;
        }
        else if (!_keyMarks.ContainsKey(key))
        {
            _keyMarks[key] = value.Mark;
        }
    }

    public bool Remove(string key)
    {
        _keyMarks.Remove(key);
        return _entries.Remove(key);
    }

    public MapNode? Map(string key) => this[key] as MapNode;

    public string? String(string key) => (this[key] as ScalarNode)?.Text;

    public override MapNode Clone()
    {
        var copy = new MapNode(Mark) { Tag = Tag };
        foreach (var (key, value) in _entries)
        {
            copy.Set(key, value.Clone(), KeyMark(key));
        }

        return copy;
    }
}

/// <summary>A sequence.</summary>
internal sealed class SeqNode(SourceMark mark) : ComposeNode(mark)
{
    public List<ComposeNode> Items { get; } = [];

    public override SeqNode Clone()
    {
        var copy = new SeqNode(Mark) { Tag = Tag };
        copy.Items.AddRange(Items.Select(i => i.Clone()));
        return copy;
    }
}

/// <summary>
/// A scalar: <see cref="Value"/> is a string, long, double, bool or null (YAML 1.2 core schema, as compose reads it).
/// </summary>
internal sealed class ScalarNode(SourceMark mark, object? value) : ComposeNode(mark)
{
    public object? Value { get; set; } = value;

    /// <summary>The value as compose prints it in a string context (true → "true", 8080 → "8080"), null for null.</summary>
    public string? Text => Value switch
    {
        null => null,
        string s => s,
        bool b => b ? "true" : "false",
        double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => Value.ToString(),
    };

    public override ScalarNode Clone() => new(Mark, Value) { Tag = Tag };
}
