using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Engine.Configuration;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Docker;

/// <summary>
/// Every environment Portal drives, each with its own <see cref="EngineConnection"/>: the one
/// place a Docker client is found. The configured engine (<see cref="EngineOptions.Endpoint"/>)
/// is the environment <see cref="Local"/>; more can be added while Portal runs.
/// </summary>
/// <remarks>
/// Callers do not pick a connection: they ask for <see cref="Current"/>, the environment their
/// work is about (see <see cref="Use(EnvironmentEngine)"/>), so an environment added later needs
/// no change in the resource layer, the readers or the queries.
/// </remarks>
public sealed class Engines : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, EnvironmentEngine> _byName = new(StringComparer.Ordinal);
    private volatile EnvironmentEngine[] _all;

    public Engines(IOptions<EngineOptions> options, TimeProvider time, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggers);
        Local = new EnvironmentEngine(options.Value.Name, new EngineConnection(options, time, loggers.CreateLogger<EngineConnection>()));
        _byName.Add(Local.Name, Local);
        _all = [Local];
    }

    /// <summary>Raised after <see cref="Add"/>, so the supervisor can start watching the new engine.</summary>
    public event Action<EnvironmentEngine>? Added;

    /// <summary>
    /// Raised after <see cref="Remove"/> (the engine's <see cref="EnvironmentEngine.Retired"/> token is already
    /// cancelled, so its supervisor stops, and its connection disposed).
    /// </summary>
    public event Action<EnvironmentEngine>? Removed;

    /// <summary>The configured engine, created at first start.</summary>
    public EnvironmentEngine Local { get; }

    /// <summary>The environment the current work is about; <see cref="Local"/> outside any <see cref="Use(EnvironmentEngine)"/>.</summary>
    public EnvironmentEngine Current => EnvironmentScope.Current ?? Local;

    /// <summary>Every environment, the local one first.</summary>
    public IReadOnlyList<EnvironmentEngine> All => _all;

    /// <summary>The environment named <paramref name="name"/>, or a not-found failure naming it.</summary>
    public EnvironmentEngine Get(string name) =>
        TryGet(name, out var engine) ? engine : throw OperationFailedException.NotFound("environment", name);

    public bool TryGet(string name, [NotNullWhen(true)] out EnvironmentEngine? engine)
    {
        lock (_gate)
        {
            return _byName.TryGetValue(name, out engine);
        }
    }

    /// <summary>The name of the environment whose row id is <paramref name="id"/>, or null when none is known.</summary>
    public string? NameOf(int? id) => id is > 0 and var known ? Array.Find(_all, e => e.Id == known)?.Name : null;

    /// <summary>Adds an engine whose row already exists; fails when the name is taken.</summary>
    public EnvironmentEngine Add(EngineEnvironment environment, EngineConnection connection)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(connection);
        if (environment.Id <= 0)
        {
            throw new ArgumentException("An added environment needs its row id.", nameof(environment));
        }

        var engine = new EnvironmentEngine(environment.Name, connection, environment.Id);
        lock (_gate)
        {
            if (!_byName.TryAdd(engine.Name, engine))
            {
                throw OperationFailedException.NameTaken("environment", engine.Name);
            }

            _all = [.. _all, engine];
        }

        Added?.Invoke(engine);
        return engine;
    }

    /// <summary>
    /// Takes the environment named <paramref name="name"/> out: its supervisor stops, its connection is
    /// disposed and later lookups do not find it. False when there was none; <see cref="Local"/> cannot be removed.
    /// </summary>
    public bool Remove(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name == Local.Name)
        {
            throw new InvalidOperationException($"The configured environment '{Local.Name}' cannot be removed.");
        }

        EnvironmentEngine? engine;
        lock (_gate)
        {
            if (!_byName.Remove(name, out engine))
            {
                return false;
            }

            _all = [.. _all.Where(e => !ReferenceEquals(e, engine))];
        }

        engine.Retire();
        engine.Connection.Dispose();
        Removed?.Invoke(engine);
        return true;
    }

    /// <summary>
    /// Swaps the engine of an edited environment for one on its new connection (the name may change): the old one
    /// is removed as by <see cref="Remove"/>, the new one added as by <see cref="Add"/>.
    /// </summary>
    public EnvironmentEngine Replace(string name, EngineEnvironment environment, EngineConnection connection)
    {
        Remove(name);
        return Add(environment, connection);
    }

    /// <summary>Makes <paramref name="engine"/> the current environment until the result is disposed.</summary>
    public static IDisposable Use(EnvironmentEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        return EnvironmentScope.Enter(engine);
    }

    /// <summary>Makes the environment named <paramref name="name"/> current; an unknown name is a not-found failure.</summary>
    public IDisposable Use(string name) => Use(Get(name));

    public void Dispose()
    {
        foreach (var engine in _all)
        {
            engine.Connection.Dispose();
        }
    }
}
