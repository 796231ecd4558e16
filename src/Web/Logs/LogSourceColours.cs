namespace Portal.Web.Logs;

/// <summary>
/// The colour of each container's name in a merged log view: one of <see cref="Count"/> CSS classes
/// (<c>log-src-0</c>…), chosen from a hash of the name so a container keeps its colour across views and
/// reloads. A name whose colour is already taken in this view gets the next free one, so up to
/// <see cref="Count"/> containers never share a colour.
/// </summary>
public sealed class LogSourceColours
{
    /// <summary>How many colours app.css defines (each ≥ 4.5:1 against the log background).</summary>
    public const int Count = 8;

    private readonly Dictionary<string, int> _slots = new(StringComparer.Ordinal);
    private readonly bool[] _taken = new bool[Count];

    /// <summary>The CSS class for <paramref name="container"/>'s name.</summary>
    public string ClassOf(string container) => "log-src-" + SlotOf(container);

    /// <summary>The colour index of <paramref name="container"/> in this view; the same name always gets the same index.</summary>
    public int SlotOf(string container)
    {
        ArgumentNullException.ThrowIfNull(container);
        if (_slots.TryGetValue(container, out var slot))
        {
            return slot;
        }

        var preferred = Preferred(container);
        slot = preferred;
        for (var i = 0; i < Count && _taken[slot]; i++)
        {
            slot = (preferred + i + 1) % Count;
        }

        // Every colour in use: more containers than colours, so the hash decides and two may share one.
        slot = _taken[slot] ? preferred : slot;
        _taken[slot] = true;
        _slots[container] = slot;
        return slot;
    }

    /// <summary>FNV-1a of the name: fixed across processes, unlike <see cref="string.GetHashCode()"/>.</summary>
    public static int Preferred(string container)
    {
        ArgumentNullException.ThrowIfNull(container);
        var hash = 2166136261u;
        foreach (var c in container)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash % Count);
    }

    public void Clear()
    {
        _slots.Clear();
        Array.Clear(_taken);
    }
}
