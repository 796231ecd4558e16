using System.Collections.Concurrent;
using System.Threading.Channels;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;
using Portal.Engine.Docker;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Stats;

/// <summary>
/// The one stats sampler of an environment's engine (<see cref="StatsSamplers"/> holds one per environment): reads every running
/// container once a second while anybody subscribes, and keeps the last <see cref="HistoryLength"/> samples of each.
/// </summary>
/// <remarks>
/// On a local engine (unix socket, host cgroup tree and procfs visible) a pass reads the cgroup
/// files of all containers and each container's <c>/proc/&lt;pid&gt;/net/dev</c>; a container
/// whose files are missing, and every container of a remote engine, is read through the engine's
/// one-shot stats call instead. The sampler makes no access decision: it serves
/// <see cref="StatsOperations"/>, which filters by what the actor may see.
/// </remarks>
public sealed class StatsSampler : IDisposable
{
    /// <summary>Samples kept per container: 15 minutes at one per second.</summary>
    public const int HistoryLength = 900;

    /// <summary>Time between passes while somebody subscribes.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    // The running set comes from the engine's list, refreshed on catalog changes and at least this often.
    private static readonly TimeSpan s_rediscoverAfter = TimeSpan.FromSeconds(30);

    private const int ApiParallelism = 8;

    private readonly EnvironmentEngine _engine;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CgroupReader? _cgroups;
    private readonly HostProc? _proc;
    private readonly SemaphoreSlim _passGate = new(1, 1);
    private readonly Lock _gate = new();
    private readonly List<StatsSubscription> _subscribers = [];
    private readonly Dictionary<string, Tracked> _tracked = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, StatsHistory> _history = new(StringComparer.Ordinal);
    private readonly BoundedRing<EngineUsagePoint> _engineUsage = new(HistoryLength);
    private CancellationTokenSource? _loopCts;
    private volatile bool _discoveryDirty = true;
    private long _lastDiscovery;
    private volatile StatsPass _latest = StatsPass.Empty;

    /// <summary>A sampler reading cgroups under <paramref name="cgroupRoot"/> (null: engine API only) and procfs at <paramref name="procRoot"/>.</summary>
    internal StatsSampler(EnvironmentEngine engine, string? cgroupRoot, string procRoot, TimeProvider time, ILogger logger)
    {
        _engine = engine;
        _time = time;
        _logger = logger;
        var proc = new HostProc(procRoot);
        if (cgroupRoot is not null && proc.Exists && new CgroupReader(cgroupRoot) is { Version: not CgroupVersion.None } reader)
        {
            _cgroups = reader;
            _proc = proc;
        }
    }

    /// <summary>True when passes read cgroup files rather than the engine API.</summary>
    public bool ReadsCgroups => _cgroups is not null;

    /// <summary>The host's cgroup hierarchy as seen by this sampler.</summary>
    public CgroupVersion CgroupVersion => _cgroups?.Version ?? CgroupVersion.None;

    /// <summary>The environment this sampler reads.</summary>
    public EnvironmentEngine Engine => _engine;

    /// <summary>The most recent pass (possibly old when nobody subscribes).</summary>
    public StatsPass Latest => _latest;

    /// <summary>Number of open subscriptions.</summary>
    public int Subscribers
    {
        get
        {
            lock (_gate)
            {
                return _subscribers.Count;
            }
        }
    }

    /// <summary>Starts (first subscriber) or joins the once-a-second sampling.</summary>
    public StatsSubscription Subscribe()
    {
        var subscription = new StatsSubscription(this, Channel.CreateBounded<StatsPass>(new BoundedChannelOptions(4)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        }));
        lock (_gate)
        {
            _subscribers.Add(subscription);
            if (_subscribers.Count == 1)
            {
                _loopCts = new CancellationTokenSource();
                var token = _loopCts.Token;
                _ = Task.Run(() => RunAsync(token), CancellationToken.None);
            }
        }

        return subscription;
    }

    internal void Unsubscribe(StatsSubscription subscription)
    {
        lock (_gate)
        {
            if (_subscribers.Remove(subscription) && _subscribers.Count == 0)
            {
                _loopCts?.Cancel();
                _loopCts?.Dispose();
                _loopCts = null;
            }
        }
    }

    /// <summary>The kept samples of one container, oldest first (empty when never sampled).</summary>
    public IReadOnlyList<StatsSample> History(string containerId) =>
        _history.TryGetValue(containerId, out var history) ? history.Snapshot() : [];

    /// <summary>The engine-wide sums of the kept passes, oldest first: every running container, whoever owns it (a host fact).</summary>
    public IReadOnlyList<EngineUsagePoint> EngineUsage() => _engineUsage.Snapshot();

    /// <summary>
    /// A pass at most <see cref="Interval"/> old in which every running container has a CPU figure:
    /// the latest one when sampling runs, else it samples twice, a second apart, like the engine's
    /// own one-shot stats.
    /// </summary>
    /// <param name="mustInclude">A container the pass should hold; when the latest pass lacks it, fresh passes are awaited (at most three).</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    public async Task<StatsPass> GetFreshAsync(string? mustInclude, CancellationToken cancellationToken)
    {
        var latest = _latest;
        if (Satisfies(latest, mustInclude) && _time.GetUtcNow().UtcDateTime - latest.Time <= Interval + TimeSpan.FromMilliseconds(500))
        {
            return latest;
        }

        using var subscription = Subscribe();
        var started = _time.GetUtcNow().UtcDateTime;
        for (var passes = 1; ; passes++)
        {
            var pass = await subscription.Passes.ReadAsync(cancellationToken).ConfigureAwait(false);
            if ((pass.Time >= started && Satisfies(pass, mustInclude)) || passes >= 3)
            {
                return pass;
            }
        }
    }

    private static bool Satisfies(StatsPass pass, string? mustInclude) =>
        pass.Pending == 0 && (mustInclude is null || pass.Containers.Any(c => c.Id == mustInclude));

    /// <summary>Reads every running container once now (the engine must answer), outside the once-a-second loop.</summary>
    public async Task<StatsPass> SampleNowAsync(CancellationToken cancellationToken)
    {
        await _passGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await PassAsync(_engine.Client, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _passGate.Release();
        }
    }

    /// <summary>Asks the next pass to re-list running containers (for a container started a moment ago).</summary>
    public void Rediscover() => _discoveryDirty = true;

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        StatsLog.Started(_logger, _cgroups is null ? "engine API" : "cgroup files", CgroupVersion);
        using var timer = new PeriodicTimer(Interval, _time);
        try
        {
            do
            {
                StatsPass pass;
                try
                {
                    pass = await SampleNowAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (OperationFailedException ex) when (ex.Outcome == OperationOutcome.EngineUnavailable)
                {
                    StatsLog.PassSkipped(_logger, ex.Message);
                    continue;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    StatsLog.PassFailed(_logger, ex, ex.Message);
                    _discoveryDirty = true;
                    continue;
                }

                Publish(pass);
            }
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The last subscriber left.
        }
    }

    private void Publish(StatsPass pass)
    {
        lock (_gate)
        {
            foreach (var subscriber in _subscribers)
            {
                subscriber.Writer.TryWrite(pass);
            }
        }
    }

    private async Task<StatsPass> PassAsync(IDockerClient client, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        if (_discoveryDirty || _time.GetElapsedTime(_lastDiscovery) > s_rediscoverAfter)
        {
            await DiscoverAsync(client, cancellationToken).ConfigureAwait(false);
        }

        var results = new List<ContainerStats>(_tracked.Count);
        var pending = 0;
        List<Tracked>? viaApi = null;
        var host = _proc?.ReadSystemCpu();
        var hostMemory = _proc?.ReadMemory().Total ?? 0;
        foreach (var t in _tracked.Values)
        {
            if (host is not { } system || t.UseApi)
            {
                (viaApi ??= []).Add(t);
                continue;
            }

            switch (ReadLocal(t))
            {
                case ({ } counters, var rx, var tx):
                    pending += Record(t, counters, system.SystemNs, system.OnlineCpus, rx, tx, hostMemory, now, "cgroup", results) ? 0 : 1;
                    break;
                case (null, 1, _):
                    // The cgroup vanished between list and read: the container stopped.
                    _discoveryDirty = true;
                    break;
                default:
                    t.UseApi = true;
                    (viaApi ??= []).Add(t);
                    break;
            }
        }

        if (viaApi is not null)
        {
            var gate = new Lock();
            await Parallel.ForEachAsync(viaApi, new ParallelOptions { MaxDegreeOfParallelism = ApiParallelism, CancellationToken = cancellationToken }, async (t, ct) =>
            {
                if (await ApiStatsReader.ReadAsync(client, t.Id, ct).ConfigureAwait(false) is not { } reading)
                {
                    _discoveryDirty = true;
                    return;
                }

                lock (gate)
                {
                    pending += Record(t, reading.Counters, reading.SystemNs, reading.OnlineCpus, reading.NetRx, reading.NetTx, 0, now, "api", results) ? 0 : 1;
                }
            }).ConfigureAwait(false);
        }

        var pass = new StatsPass(now, results, pending);
        if (pending == 0)
        {
            // A container read for the first time has no CPU figure yet: its pass would dip the sums.
            _engineUsage.Add(EngineUsagePoint.Sum(now, results));
        }

        _latest = pass;
        return pass;
    }

    /// <summary>
    /// Counters and network bytes from the files; (null, 1, 0) when the cgroup vanished,
    /// (null, 0, 0) when the files are not where either driver puts them (use the API).
    /// </summary>
    private (CgroupCounters? Counters, ulong Rx, ulong Tx) ReadLocal(Tracked t)
    {
        t.Paths ??= _cgroups!.Locate(t.Id);
        if (t.Paths is null)
        {
            return (null, 0, 0);
        }

        if (_cgroups!.Read(t.Paths) is not { } counters)
        {
            return (null, 1, 0);
        }

        // Any process of the container sees its network namespace; the pid is re-read when it exits.
        var net = t.NetDev is null ? null : _proc!.ReadNetwork(t.NetDev);
        if (net is null)
        {
            var pid = _cgroups.FirstPid(t.Paths);
            t.NetDev = pid > 0 ? _proc!.NetDevPath(pid) : null;
            net = t.NetDev is null ? null : _proc!.ReadNetwork(t.NetDev);
        }

        return net is { } n ? (counters, n.Rx, n.Tx) : (null, 0, 0);
    }

    /// <summary>Turns counters into a sample against the previous reading; false when this was the first reading.</summary>
    private bool Record(Tracked t, CgroupCounters counters, ulong systemNs, int onlineCpus, ulong rx, ulong tx, ulong hostMemory, DateTime now, string source, List<ContainerStats> results)
    {
        var hadPrevious = t.HasPrevious;
        var cpu = hadPrevious ? StatsMath.CpuPercent(t.PreviousCpu, counters.CpuUsageNs, t.PreviousSystem, systemNs, onlineCpus) : 0;
        t.PreviousCpu = counters.CpuUsageNs;
        t.PreviousSystem = systemNs;
        t.HasPrevious = true;
        if (!hadPrevious)
        {
            return false;
        }

        var sample = new StatsSample(now, cpu, counters.MemoryUsed, StatsMath.EffectiveLimit(counters.MemoryLimit, hostMemory),
            rx, tx, counters.BlockRead, counters.BlockWrite, counters.Pids);
        _history.GetOrAdd(t.Id, _ => new StatsHistory(HistoryLength)).Add(sample);
        results.Add(new ContainerStats(t.Id, t.Name, source, sample));
        return true;
    }

    private async Task DiscoverAsync(IDockerClient client, CancellationToken cancellationToken)
    {
        _discoveryDirty = false;
        var list = await client.Containers.ListContainersAsync(new ContainersListParameters { All = false }, cancellationToken).ConfigureAwait(false);
        _lastDiscovery = _time.GetTimestamp();
        var running = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in list)
        {
            if (!string.Equals(c.State, "running", StringComparison.Ordinal))
            {
                continue;
            }

            running.Add(c.ID);
            if (!_tracked.ContainsKey(c.ID))
            {
                _tracked[c.ID] = new Tracked(c.ID, c.Names?.FirstOrDefault()?.TrimStart('/') ?? c.ID[..12]);
            }
        }

        foreach (var id in _tracked.Keys.Where(id => !running.Contains(id)).ToList())
        {
            _tracked.Remove(id);
            _history.TryRemove(id, out _);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _loopCts?.Cancel();
            _loopCts?.Dispose();
            _loopCts = null;
        }
    }

    /// <summary>What the sampler remembers of one running container between passes.</summary>
    private sealed class Tracked(string id, string name)
    {
        public string Id { get; } = id;

        public string Name { get; } = name;

        public CgroupPaths? Paths { get; set; }

        /// <summary>The <c>net/dev</c> file of a process of the container, found again when that process exits.</summary>
        public string? NetDev { get; set; }

        public bool UseApi { get; set; }

        public bool HasPrevious { get; set; }

        public ulong PreviousCpu { get; set; }

        public ulong PreviousSystem { get; set; }
    }
}
