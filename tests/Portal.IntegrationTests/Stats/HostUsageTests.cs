using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Entities;
using Portal.Engine.Overview;
using Portal.Engine.Pipeline;
using Portal.IntegrationTests.Api;
using Xunit;

namespace Portal.IntegrationTests.Stats;

/// <summary>
/// The Host page's live figures against the real engine: the engine-wide CPU counts every container, while a team
/// operator's top lists never name another team's container, however busy it is; disk use arrives from the background refresh.
/// </summary>
public sealed class HostUsageTests(ApiFixture fx) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task HostUsage_OtherTeamBusy_CountedEngineWide_NeverNamedToOperator()
    {
        var ct = TestContext.Current.CancellationToken;
        var mine = await RunAsync(fx.AsOperatorA, ["sleep", "300"], ct);
        // Busy for at most 90 s, so a failed run leaves nothing spinning.
        var theirs = await RunAsync(fx.AsOperatorB, ["sh", "-c", "end=$(( $(date +%s) + 90 )); while [ $(date +%s) -lt $end ]; do :; done"], ct);
        var reader = fx.Factory.Services.GetRequiredService<HostUsageReader>();
        var operatorA = new Actor("op-a", fx.OperatorA, IsAdmin: false, new Dictionary<string, TeamRole> { [fx.TeamA] = TeamRole.Operator });
        var admin = new Actor("admin", "admin", IsAdmin: true, new Dictionary<string, TeamRole>());

        using var watching = CancellationTokenSource.CreateLinkedTokenSource(ct);
        watching.CancelAfter(TimeSpan.FromSeconds(120));
        HostUsage? seen = null;
        var passes = 0;
        await foreach (var usage in reader.WatchAsync(operatorA, watching.Token))
        {
            passes++;
            Assert.DoesNotContain(usage.TopCpu.Concat(usage.TopMemory), c => c.Name == theirs);
            Assert.True(usage.TopScopedToTeams);
            // Engine-wide: the other team's busy loop is in the sum (at least half a CPU) while the operator's own container sleeps.
            if (usage.TopCpu.Any(c => c.Name == mine) && usage.Usage.Count > 0 && usage.Usage[^1].CpuPercent >= 50 && usage.Disk.Count > 0)
            {
                seen = usage;
                break;
            }
        }

        Assert.True(seen is not null, $"No pass showed the operator's container, the busy engine and a disk point after {passes} passes.");
        Assert.True(seen.Usage[^1].Containers >= 2);
        Assert.True(seen.Disk[^1].Images > 0, "The disk point counts the image layers.");
        // The fixture's team A runs nothing else: the operator's lists name their one container only.
        Assert.All(seen.TopCpu.Concat(seen.TopMemory), c => Assert.Equal(mine, c.Name));

        // The admin's list names the busy container first by CPU.
        await foreach (var usage in reader.WatchAsync(admin, watching.Token))
        {
            if (usage.TopCpu.Count > 0 && usage.TopCpu[0].Name == theirs)
            {
                Assert.False(usage.TopScopedToTeams);
                return;
            }
        }

        Assert.Fail("The admin's top list never named the busy container first.");
    }

    private async Task<string> RunAsync(HttpClient client, string[] command, CancellationToken ct)
    {
        var name = "host-" + Guid.NewGuid().ToString("N")[..8];
        var run = await client.PostAsJsonAsync("/api/v1/containers", new { image = fx.Daemon.Image, name, command, labels = fx.Labels }, ct);
        Assert.Equal(HttpStatusCode.Created, run.StatusCode);
        return name;
    }
}
