using System.Collections.Concurrent;

namespace Portal.Data;

/// <summary>
/// Values derived from access rows (a sign-in, a person's teams), each kept until <see cref="AccessVersion"/>
/// moves or <see cref="AccessVersion.MaxAge"/> passes, so a busy client costs no query per request.
/// </summary>
public sealed class AccessKept<TKey, TValue>(AccessVersion version, TimeProvider time, IEqualityComparer<TKey>? comparer = null)
    where TKey : notnull
{
    // A bound on people or tokens in use at once; past it the cache starts again rather than grow.
    private const int MaxKept = 10_000;

    private readonly ConcurrentDictionary<TKey, (long Version, long LoadedAt, TValue Value)> _kept = new(comparer);

    /// <summary>
    /// The kept value for <paramref name="key"/> while it is current and <paramref name="usable"/>; otherwise what
    /// <paramref name="load"/> reads, kept only when <paramref name="usable"/> (a refusal is read again next time).
    /// </summary>
    public async Task<TValue> GetAsync(TKey key, Func<Task<TValue>> load, Func<TValue, bool> usable)
    {
        ArgumentNullException.ThrowIfNull(load);
        ArgumentNullException.ThrowIfNull(usable);
        // Read before the rows: a write in between leaves what is loaded already out of date.
        var seen = version.Current;
        if (_kept.TryGetValue(key, out var kept) && kept.Version == seen && time.GetElapsedTime(kept.LoadedAt) < AccessVersion.MaxAge && usable(kept.Value))
        {
            return kept.Value;
        }

        var loadedAt = time.GetTimestamp();
        var value = await load().ConfigureAwait(false);
        if (!usable(value))
        {
            _kept.TryRemove(key, out _);
            return value;
        }

        if (_kept.Count >= MaxKept)
        {
            _kept.Clear();
        }

        _kept[key] = (seen, loadedAt, value);
        return value;
    }
}
