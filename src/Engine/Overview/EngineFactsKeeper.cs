using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Portal.Engine.Docker;

namespace Portal.Engine.Overview;

/// <summary>
/// Reads each environment's host facts (CPUs, memory, data root) once per connect and keeps them, with the
/// version, for <see cref="EnvironmentOverviews"/>; tells listeners when an environment's status or facts change.
/// </summary>
public sealed partial class EngineFactsKeeper(Engines engines, TimeProvider time, ILogger<EngineFactsKeeper> logger) : IHostedService
{
    private static readonly TimeSpan s_fetchTimeout = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<EnvironmentEngine, EngineFacts> _facts = new();
    private readonly ConcurrentDictionary<EnvironmentEngine, Action<EngineStatus>> _watching = new();

    /// <summary>Raised (on a background thread) when an environment's status changed or its facts arrived; handlers must be quick.</summary>
    public event Action<EnvironmentEngine>? Changed;

    /// <summary>The facts of <paramref name="engine"/>'s last connect, or null before the first.</summary>
    public EngineFacts? For(EnvironmentEngine engine) => _facts.TryGetValue(engine, out var facts) ? facts : null;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        engines.Added += Watch;
        foreach (var engine in engines.All)
        {
            Watch(engine);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        engines.Added -= Watch;
        foreach (var (engine, handler) in _watching)
        {
            engine.Connection.StatusChanged -= handler;
        }

        _watching.Clear();
        return Task.CompletedTask;
    }

    private void Watch(EnvironmentEngine engine)
    {
        void OnStatus(EngineStatus status)
        {
            if (status.IsConnected)
            {
                _ = FetchAsync(engine);
            }

            Changed?.Invoke(engine);
        }

        if (_watching.TryAdd(engine, OnStatus))
        {
            engine.Connection.StatusChanged += OnStatus;
            // Connected before this service started (the local engine at start-up): read now.
            if (engine.Status.IsConnected)
            {
                _ = FetchAsync(engine);
            }
        }
    }

    private async Task FetchAsync(EnvironmentEngine engine)
    {
        await Task.Yield();
        try
        {
            using var scope = Engines.Use(engine);
            using var cts = new CancellationTokenSource(s_fetchTimeout);
            var info = await engine.Client.System.GetSystemInfoAsync(cts.Token).ConfigureAwait(false);
            var status = engine.Status;
            _facts[engine] = new EngineFacts((int)info.NCPU, info.MemTotal, info.DockerRootDir ?? "",
                status.ServerVersion ?? info.ServerVersion ?? "", status.ApiVersion ?? "", time.GetUtcNow().UtcDateTime);
            Changed?.Invoke(engine);
        }
        catch (Exception ex)
        {
            // The next connect reads again; until then the last known facts stand.
            LogFactsFailed(logger, engine.Name, ex.Message);
        }
    }

    [LoggerMessage(1700, LogLevel.Warning, "Could not read the host facts of environment '{Environment}': {Reason}")]
    private static partial void LogFactsFailed(ILogger logger, string environment, string reason);
}
