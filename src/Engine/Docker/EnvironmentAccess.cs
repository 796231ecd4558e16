using System.Runtime.CompilerServices;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Docker;

/// <summary>
/// The one way a caller's request reaches an environment: the web layer's API middleware, hubs and
/// Blazor circuits all open it here, so "not granted" reads exactly like "no such environment".
/// </summary>
public static class EnvironmentAccess
{
    /// <summary>The environment entered by <see cref="Engines.Use(EnvironmentEngine)"/> around the current work; null outside any.</summary>
    public static EnvironmentEngine? Entered => EnvironmentScope.Current;

    /// <summary>
    /// Like <see cref="Engines.Use(EnvironmentEngine)"/>, but null leaves every environment (so the local one is
    /// current and nothing reads as entered): pages enter only another environment than the local one.
    /// </summary>
    public static IDisposable Enter(EnvironmentEngine? engine) => EnvironmentScope.Enter(engine);

    /// <summary>
    /// The environment named <paramref name="name"/> (null or empty: the local one) with
    /// <paramref name="actor"/> narrowed to it; a not-found failure naming it when it is unknown or,
    /// for any but the local one, none of the actor's teams is granted it.
    /// </summary>
    public static async Task<OpenedEnvironment> OpenAsync(this Engines engines, Actor actor, string? name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(engines);
        ArgumentNullException.ThrowIfNull(actor);
        var engine = string.IsNullOrEmpty(name) ? engines.Local
            : engines.TryGet(name, out var named) ? named
            : throw OperationFailedException.NotFound("environment", name);
        // The local environment learns its row id once the endpoints table answered at start-up.
        await engine.Ready.WaitAsync(cancellationToken).ConfigureAwait(false);
        return engines.MayOpen(actor, engine)
            ? new OpenedEnvironment(engine, actor.In(engine.Id))
            : throw OperationFailedException.NotFound("environment", engine.Name);
    }

    /// <summary>The environments <paramref name="actor"/> may open (what a switcher offers), the local one first.</summary>
    public static IReadOnlyList<EnvironmentEngine> OpenableBy(this Engines engines, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(engines);
        ArgumentNullException.ThrowIfNull(actor);
        return engines.All.Where(e => engines.MayOpen(actor, e)).ToList();
    }

    // The local environment answers the routes without a prefix, so it always exists; a team without
    // its grant sees nothing there and creates nothing there (the narrowed actor has no such team).
    private static bool MayOpen(this Engines engines, Actor actor, EnvironmentEngine engine) =>
        ReferenceEquals(engine, engines.Local) || actor.MayUse(engine.Id);
}

/// <summary>An environment a caller may use, and the caller as that environment sees them.</summary>
public sealed record OpenedEnvironment(EnvironmentEngine Engine, Actor Actor)
{
    /// <summary>Makes the environment current until the result is disposed (see <see cref="Engines.Use(EnvironmentEngine)"/>).</summary>
    public IDisposable Enter() => Engines.Use(Engine);

    /// <summary>
    /// The stream <paramref name="open"/> returns, with the environment current whenever it runs: a scope
    /// entered in an async iterator is gone after its first <c>yield</c>, so each step enters it anew.
    /// </summary>
    public async IAsyncEnumerable<T> Within<T>(Func<IAsyncEnumerable<T>> open, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(open);
        IAsyncEnumerator<T> enumerator;
        using (Enter())
        {
            enumerator = open().GetAsyncEnumerator(cancellationToken);
        }

        try
        {
            while (true)
            {
                ValueTask<bool> step;
                using (Enter())
                {
                    step = enumerator.MoveNextAsync();
                }

                if (!await step.ConfigureAwait(false))
                {
                    yield break;
                }

                yield return enumerator.Current;
            }
        }
        finally
        {
            ValueTask done;
            using (Enter())
            {
                done = enumerator.DisposeAsync();
            }

            await done.ConfigureAwait(false);
        }
    }
}
