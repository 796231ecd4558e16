using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Logs;
using Portal.IntegrationTests.Api;
using Portal.TestSupport;
using Xunit;

namespace Portal.IntegrationTests.Logs;

/// <summary>Container logs through the REST API and the /hubs/logs hub, against the real engine.</summary>
public sealed partial class LogsApiTests(ApiFixture fx) : IClassFixture<ApiFixture>
{
    // Prints a numbered tick a second, plus one stderr line up front.
    private static readonly string[] s_ticker = ["sh", "-c", "echo starting; echo warn-on-stderr >&2; i=0; while true; do i=$((i+1)); echo tick $i; sleep 1; done"];

    [Fact]
    public async Task Logs_TailTimestampsDownloadAndFollow_PlainTextLines()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = await RunTickerAsync(ct);
        var url = $"/api/v1/containers/{name}/logs";
        await Poll.UntilAsync(async t => (await fx.AsOperatorA.GetStringAsync(url, t)).Contains("tick 2", StringComparison.Ordinal), "two ticks", ct, TimeSpan.FromSeconds(20));

        var all = await fx.AsOperatorA.GetAsync(url, ct);
        Assert.Equal("text/plain", all.Content.Headers.ContentType?.MediaType);
        var lines = Lines(await all.Content.ReadAsStringAsync(ct));
        // stdout and stderr are copied by the engine separately, so only each stream's own order is fixed.
        Assert.Contains("starting", lines);
        Assert.Contains("warn-on-stderr", lines);
        Assert.Equal(2, Lines(await fx.AsOperatorA.GetStringAsync(url + "?tail=2", ct)).Count);
        Assert.All(Lines(await fx.AsOperatorA.GetStringAsync(url + "?timestamps=true&tail=3", ct)), l => Assert.Matches(Timestamped(), l));
        Assert.Empty(Lines(await fx.AsOperatorA.GetStringAsync(url + "?until=2000-01-01T00:00:00Z", ct)));
        Assert.Equal(HttpStatusCode.BadRequest, (await fx.AsOperatorA.GetAsync(url + "?since=yesterday", ct)).StatusCode);

        var download = await fx.AsViewerA.GetAsync(url + "/download", ct);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal($"{name}.log", download.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Contains(Lines(await download.Content.ReadAsStringAsync(ct)), l => l.EndsWith(" starting", StringComparison.Ordinal));

        // tail=0 with follow: every line that arrives was printed after the request started.
        using var followCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        followCts.CancelAfter(TimeSpan.FromSeconds(20));
        using var request = new HttpRequestMessage(HttpMethod.Get, url + "?follow=true&tail=0");
        using var response = await fx.AsOperatorA.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, followCts.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(followCts.Token));
        var before = LastTick(lines);
        var live = await reader.ReadLineAsync(followCts.Token);
        Assert.NotNull(live);
        Assert.Matches(@"^tick \d+$", live);
        Assert.True(int.Parse(live["tick ".Length..], System.Globalization.CultureInfo.InvariantCulture) > before, $"{live} came after tick {before}");
    }

    [Fact]
    public async Task Logs_OtherTeam_NotFoundEverywhere()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = await RunTickerAsync(ct);

        foreach (var path in new[] { "/logs", "/logs?follow=true", "/logs/download" })
        {
            var response = await fx.AsOperatorB.GetAsync($"/api/v1/containers/{name}{path}", ct);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.DoesNotContain("tick", await response.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        }

        await using var hub = await ConnectAsync(fx.AsOperatorB, ct);
        var ex = await Assert.ThrowsAsync<HubException>(async () =>
        {
            await foreach (var _ in hub.StreamAsync<BatchDto>("Follow", name, 10, ct))
            {
            }
        });
        Assert.Contains($"No container named '{name}' was found", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(fx.TeamA, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hub_TwoViewersOfOneContainer_OneEngineStreamAndLiveLines()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = await RunTickerAsync(ct);
        var broker = fx.Factory.Services.GetRequiredService<LogBroker>();
        var streamsBefore = broker.EngineStreamsStarted;
        await using var first = await ConnectAsync(fx.AsOperatorA, ct);
        await using var second = await ConnectAsync(fx.AsViewerA, ct);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(TimeSpan.FromSeconds(30));

        var a = first.StreamAsync<BatchDto>("Follow", name, 100, cts.Token).GetAsyncEnumerator(cts.Token);
        var b = second.StreamAsync<BatchDto>("Follow", name, 100, cts.Token).GetAsyncEnumerator(cts.Token);
        var ticksA = await TicksUntilAsync(a, 3);
        var ticksB = await TicksUntilAsync(b, 3);

        Assert.Contains(3, ticksA);
        Assert.Contains(3, ticksB);
        Assert.Equal(1, broker.EngineStreamsStarted - streamsBefore);
        await a.DisposeAsync();
        await b.DisposeAsync();
        await first.StopAsync(ct);
        await second.StopAsync(ct);
        await Poll.UntilAsync(_ => Task.FromResult(broker.WatchedContainers == 0), "the last viewer to stop the stream", ct, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Hub_MergedView_LinesOfBothContainersMarkedAndOrdered()
    {
        var ct = TestContext.Current.CancellationToken;
        var one = await RunTickerAsync(ct);
        var two = await RunTickerAsync(ct);
        await using var hub = await ConnectAsync(fx.AsOperatorA, ct);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(TimeSpan.FromSeconds(30));

        var seen = new List<MergedLineDto>();
        await foreach (var batch in hub.StreamAsync<MergedBatchDto>("FollowMerged", new[] { one, two }, 100, cts.Token))
        {
            Assert.Equal(batch.Lines.OrderBy(l => l.Line.Timestamp).Select(l => l.Line.Timestamp), batch.Lines.Select(l => l.Line.Timestamp));
            seen.AddRange(batch.Lines);
            if (seen.Count(l => l.Container == one && l.Line.Text.StartsWith("tick", StringComparison.Ordinal)) >= 2
                && seen.Count(l => l.Container == two && l.Line.Text.StartsWith("tick", StringComparison.Ordinal)) >= 2)
            {
                break;
            }
        }

        Assert.Contains(seen, l => l.Container == one && l.Line.Stream == "Stderr" && l.Line.Text == "warn-on-stderr");
        Assert.Contains(seen, l => l.Container == two && l.Line.Text == "starting");
    }

    private async Task<string> RunTickerAsync(CancellationToken ct)
    {
        var name = "logs-" + Guid.NewGuid().ToString("N")[..10];
        var run = await fx.AsOperatorA.PostAsJsonAsync("/api/v1/containers", new { image = fx.Daemon.Image, name, command = s_ticker, labels = fx.Labels }, ct);
        Assert.Equal(HttpStatusCode.Created, run.StatusCode);
        return name;
    }

    private Task<HubConnection> ConnectAsync(HttpClient client, CancellationToken ct) =>
        TestHubClient.ConnectAsync(fx.Factory.Server, "/hubs/logs", TestHubClient.TokenOf(client), ct);

    private static async Task<List<int>> TicksUntilAsync(IAsyncEnumerator<BatchDto> stream, int tick)
    {
        var ticks = new List<int>();
        while (!ticks.Contains(tick) && await stream.MoveNextAsync())
        {
            ticks.AddRange(stream.Current.Lines.Where(l => l.Text.StartsWith("tick ", StringComparison.Ordinal))
                .Select(l => int.Parse(l.Text["tick ".Length..], System.Globalization.CultureInfo.InvariantCulture)));
        }

        return ticks;
    }

    private static List<string> Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();

    private static int LastTick(List<string> lines) =>
        lines.Where(l => l.StartsWith("tick ", StringComparison.Ordinal)).Select(l => int.Parse(l["tick ".Length..], System.Globalization.CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Max();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{1,9}Z \S")]
    private static partial Regex Timestamped();

    private sealed record LineDto(DateTimeOffset? Timestamp, string Stream, string Text);

    private sealed record BatchDto(List<LineDto> Lines, long Skipped, bool Ended);

    private sealed record MergedLineDto(string Container, LineDto Line);

    private sealed record MergedBatchDto(List<MergedLineDto> Lines, long Skipped);
}
