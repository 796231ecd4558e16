using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Portal.Engine.Stats;
using Portal.IntegrationTests.Api;
using Portal.TestSupport;
using Xunit;

namespace Portal.IntegrationTests.Stats;

/// <summary>Portal's figures against <c>docker stats --no-stream</c> for a container with a known load.</summary>
public sealed class StatsFiguresTests(ApiFixture fx) : IClassFixture<ApiFixture>
{
    private const ulong HogBytes = 32 * 1024 * 1024;

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task Figures_BusyContainerWithMemoryHog_MatchDockerStats()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = "stats-load-" + Guid.NewGuid().ToString("N")[..8];
        // 32 MiB in the container's tmpfs is charged to its memory cgroup as shared memory, not as
        // reclaimable file cache, so both tools must count it; the loop keeps one core busy.
        var command = new[] { "sh", "-c", $"head -c {HogBytes} /dev/zero > /dev/shm/hog; while :; do :; done" };
        var run = await fx.AsOperatorA.PostAsJsonAsync("/api/v1/containers", new { image = fx.Daemon.Image, name, command, labels = fx.Labels }, ct);
        Assert.Equal(HttpStatusCode.Created, run.StatusCode);
        await Poll.UntilAsync(async t => (await GetAsync(name, t)).Sample.MemoryUsed >= HogBytes, "the memory hog", ct, TimeSpan.FromSeconds(30));

        // While a watcher holds the sampler, Portal samples every second; docker stats is read
        // alongside, and both CPU series are averaged over the same minute-long window.
        var portalCpu = new List<double>();
        var dockerCpu = new List<double>();
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var watcher = Task.Run(async () =>
        {
            await foreach (var s in WatchAsync(name, watching.Token))
            {
                lock (portalCpu)
                {
                    portalCpu.Add(s.Sample.CpuPercent);
                }
            }
        }, ct);
        DockerStatsCli.Reading docker = default!;
        for (var i = 0; i < 5; i++)
        {
            docker = await DockerStatsCli.ReadAsync(name, ct);
            dockerCpu.Add(docker.CpuPercent);
        }

        var portal = await GetAsync(name, ct);
        await watching.CancelAsync();
        await watcher.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);

        double portalMean;
        lock (portalCpu)
        {
            portalMean = portalCpu.Average();
        }

        var dockerMean = dockerCpu.Average();
        TestContext.Current.TestOutputHelper?.WriteLine($"CPU % portal {portalMean:F1} ({portalCpu.Count} samples) vs docker {dockerMean:F1} ({dockerCpu.Count}); memory {portal.Sample.MemoryUsed} vs {docker.MemoryUsed:F0}; limit {portal.Sample.MemoryLimit} vs {docker.MemoryLimit:F0}");
        // The shared build machine's load moves a busy loop's share from second to second; the
        // means of two series taken over the same window agree within 10 % of a core or 10 % relative.
        Assert.InRange(portalMean, Math.Min(dockerMean * 0.9, dockerMean - 10), Math.Max(dockerMean * 1.1, dockerMean + 10));
        Assert.True(portalMean > 5, $"A busy loop should use a good share of a core; Portal saw {portalMean:F1} %");
        Assert.InRange(portal.Sample.MemoryUsed, docker.MemoryUsed * 0.97, docker.MemoryUsed * 1.03);
        Assert.InRange(portal.Sample.MemoryLimit, docker.MemoryLimit * 0.99, docker.MemoryLimit * 1.01);
        Assert.Equal((ulong)docker.Pids, portal.Sample.Pids);
    }

    private async Task<ContainerStats> GetAsync(string name, CancellationToken ct) =>
        (await fx.AsOperatorA.GetFromJsonAsync<ContainerStats>($"/api/v1/containers/{name}/stats", s_json, ct))!;

    private async IAsyncEnumerable<ContainerStats> WatchAsync(string name, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        // The operations layer directly: the hub is covered elsewhere; this test is about the figures.
        var ops = (IStatsOperations)fx.Factory.Services.GetService(typeof(IStatsOperations))!;
        var actor = new Portal.Engine.Pipeline.Actor("figures", "figures", IsAdmin: true, new Dictionary<string, Portal.Data.Entities.TeamRole>());
        IAsyncEnumerator<IReadOnlyList<ContainerStats>>? e = null;
        try
        {
            e = ops.WatchAsync(actor, name, ct).GetAsyncEnumerator(ct);
            while (true)
            {
                try
                {
                    if (!await e.MoveNextAsync())
                    {
                        yield break;
                    }
                }
                catch (OperationCanceledException)
                {
                    yield break;
                }

                foreach (var s in e.Current)
                {
                    yield return s;
                }
            }
        }
        finally
        {
            if (e is not null)
            {
                await e.DisposeAsync();
            }
        }
    }
}
