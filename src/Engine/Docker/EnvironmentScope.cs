namespace Portal.Engine.Docker;

/// <summary>
/// The environment the current flow of work is about, carried like a culture across awaits and
/// into tasks it starts: a request under <c>/api/v1/environments/{env}</c>, a hub call naming
/// one, or an environment's own supervisor enters it once; everything below resolves its client
/// through <see cref="Engines.Current"/> without being told. Outside any scope work is on the
/// local environment.
/// </summary>
internal static class EnvironmentScope
{
    private static readonly AsyncLocal<EnvironmentEngine?> s_current = new();

    public static EnvironmentEngine? Current => s_current.Value;

    /// <summary>Makes <paramref name="engine"/> current (null: none, so the local one) until the result is disposed.</summary>
    public static IDisposable Enter(EnvironmentEngine? engine)
    {
        var previous = s_current.Value;
        s_current.Value = engine;
        return new Exit(previous);
    }

    private sealed class Exit(EnvironmentEngine? previous) : IDisposable
    {
        private bool _done;

        public void Dispose()
        {
            if (!_done)
            {
                _done = true;
                s_current.Value = previous;
            }
        }
    }
}
