using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Portal.Engine.Docker;
using Portal.Engine.Events;

namespace Portal.Engine.Stats;

/// <summary>
/// One <see cref="StatsSampler"/> per environment, made when first asked for. Only the local engine's
/// sampler reads the host's cgroup files (and only when it is reached on a unix socket, so its containers
/// are this host's); every other environment's containers are read through that engine's API, one request
/// per container per pass, and only while someone subscribes.
/// </summary>
public sealed class StatsSamplers : IDisposable
{
    // Keyed by the engine object: an environment removed and added again gets a fresh sampler, the old one is collected.
    private readonly ConditionalWeakTable<EnvironmentEngine, StatsSampler> _samplers = [];
    private readonly Engines _engines;
    private readonly CatalogNotifier _notifier;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public StatsSamplers(Engines engines, CatalogNotifier notifier, TimeProvider time, ILogger<StatsSampler> logger)
    {
        _engines = engines;
        _notifier = notifier;
        _time = time;
        _logger = logger;
        notifier.Changed += OnCatalogChanged;
    }

    /// <summary>The local environment's sampler.</summary>
    public StatsSampler Local => For(_engines.Local);

    /// <summary>The sampler of the environment the current work is about.</summary>
    public StatsSampler Current => For(_engines.Current);

    /// <summary>The sampler of <paramref name="engine"/>.</summary>
    public StatsSampler For(EnvironmentEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        return _samplers.GetValue(engine, e =>
        {
            var cgroups = SharesHost(e) ? "/sys/fs/cgroup" : null;
            return new StatsSampler(e, cgroups, "/proc", _time, _logger);
        });
    }

    /// <summary>
    /// True when <paramref name="engine"/>'s containers, cgroups and data root are this host's: the local
    /// environment on a unix socket. Another engine on a socket of this host (a test's namespaced daemon) is treated as remote.
    /// </summary>
    public bool SharesHost(EnvironmentEngine engine) =>
        ReferenceEquals(engine, _engines.Local) && engine.Endpoint.StartsWith("unix://", StringComparison.Ordinal);

    /// <summary>The sampler of <paramref name="engine"/> if one was made; null while nobody asked for its stats.</summary>
    public StatsSampler? Existing(EnvironmentEngine engine) => _samplers.TryGetValue(engine, out var sampler) ? sampler : null;

    // A sampler re-lists its running set when its own environment's containers changed, never on another's.
    private void OnCatalogChanged(CatalogChange change)
    {
        if (change.Kind != CatalogKind.Containers)
        {
            return;
        }

        foreach (var (engine, sampler) in _samplers)
        {
            if (engine.Id == change.EnvironmentId)
            {
                sampler.Rediscover();
            }
        }
    }

    public void Dispose()
    {
        _notifier.Changed -= OnCatalogChanged;
        foreach (var (_, sampler) in _samplers)
        {
            sampler.Dispose();
        }
    }
}
