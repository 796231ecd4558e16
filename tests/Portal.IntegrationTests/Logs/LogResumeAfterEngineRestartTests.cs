using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Docker.DotNet.Models;
using Microsoft.AspNetCore.SignalR.Client;
using Portal.IntegrationTests.Api;
using Portal.IntegrationTests.Environments;
using Portal.TestSupport;
using Xunit;

namespace Portal.IntegrationTests.Logs;

/// <summary>
/// A container with restart policy <c>always</c> on the run's namespaced <c>dockerd</c>, followed through
/// <c>/hubs/logs</c> and through REST <c>logs?follow=true</c>, while that daemon is stopped and started:
/// the hub follower gets the lines of the container's next run within 2 s of the engine answering, with no
/// line twice; the REST follower ends cleanly when the container stops (200, body closed, no hang).
/// </summary>
[Collection(NetnsEngineCollection.Name)]
public sealed class LogResumeAfterEngineRestartTests(NetnsEngineFixture netns, ApiFixture fx) : IClassFixture<ApiFixture>
{
    private static readonly TimeSpan s_aim = TimeSpan.FromSeconds(2);

    private string Environment => "netns-" + fx.Suffix;

    [Fact]
    public async Task HubFollow_ResumesWithinTwoSeconds_RestFollowEndsCleanly()
    {
        var ct = TestContext.Current.CancellationToken;
        await NetnsEnvironment.EnsureAsync(fx, netns, Environment, ct);
        var name = "logresume-" + TestNames.Token();
        // Each run of the container prints lines tagged with a boot id of its own; TERM ends it at once
        // (a shell as pid 1 ignores TERM otherwise, and the daemon would wait 10 s before killing it).
        const string Script = "b=$(cut -c1-8 /proc/sys/kernel/random/uuid); trap 'exit 0' TERM; i=0; "
            + "while true; do i=$((i+1)); echo \"boot-$b-$i\"; sleep 0.2; done";
        await netns.Client.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Image = netns.Image,
            Name = name,
            Cmd = ["sh", "-c", Script],
            Labels = new Dictionary<string, string>(fx.Labels) { ["io.portal.team"] = fx.TeamA },
            HostConfig = new HostConfig { RestartPolicy = new RestartPolicy { Name = RestartPolicyKind.Always } },
        }, ct);
        try
        {
            await netns.Client.Containers.StartContainerAsync(name, new ContainerStartParameters(), ct);
            var prefix = $"/api/v1/environments/{Environment}";
            await Poll.UntilAsync(async t => (await fx.AsOperatorA.GetAsync($"{prefix}/containers/{name}", t)).IsSuccessStatusCode,
                "the environment's catalog to list the container", ct, TimeSpan.FromSeconds(20));

            await using var hub = await TestHubClient.ConnectAsync(fx.Factory.Server, "/hubs/logs", TestHubClient.TokenOf(fx.AsOperatorA), ct);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var lines = new ConcurrentQueue<(string Text, TimeSpan At)>();
            var clock = Stopwatch.StartNew();
            var follow = FollowAsync(hub, name, lines, clock, stop.Token);

            using var rest = await fx.AsOperatorA.GetAsync($"{prefix}/containers/{name}/logs?follow=true&tail=0", HttpCompletionOption.ResponseHeadersRead, ct);
            Assert.Equal(HttpStatusCode.OK, rest.StatusCode);
            var restRead = ReadToEndAsync(rest, ct);

            await Poll.UntilAsync(_ => Task.FromResult(lines.Count >= 3), "the hub follower's first lines", ct, TimeSpan.FromSeconds(20));
            var firstBoot = Boot(lines.First().Text);

            await netns.StopAsync();
            // The REST follower copies the engine's stream of one run: it ends when the container stops, cleanly.
            var restEnd = await restRead.WaitAsync(TimeSpan.FromSeconds(30), ct);
            Assert.Null(restEnd.Failure);
            Assert.Contains($"boot-{firstBoot}-", restEnd.Body, StringComparison.Ordinal);

            // Down long enough for the reconnect backoff to reach its ceiling, as after a real outage.
            await Task.Delay(TimeSpan.FromSeconds(4), ct);
            await netns.StartAsync(ct);
            var answered = clock.Elapsed;
            await Poll.UntilAsync(_ => Task.FromResult(lines.Any(l => Boot(l.Text) != firstBoot)),
                "the hub follower to get a line of the container's next run", ct, TimeSpan.FromSeconds(30));
            var (text, at) = lines.First(l => Boot(l.Text) != firstBoot);
            var after = at - answered;

            // A few more lines of the new run, then the whole sequence must be free of repeats.
            await Poll.UntilAsync(_ => Task.FromResult(lines.Count(l => Boot(l.Text) == Boot(text)) >= 3), "more lines of the new run", ct, TimeSpan.FromSeconds(20));
            await stop.CancelAsync();
            await follow;
            var texts = lines.Select(l => l.Text).ToList();
            Assert.Equal(texts.Count, texts.Distinct(StringComparer.Ordinal).Count());
            Assert.Equal(2, texts.Select(Boot).Distinct(StringComparer.Ordinal).Count());
            TestContext.Current.TestOutputHelper?.WriteLine($"hub follower resumed {after.TotalMilliseconds:0} ms after the engine answered; {texts.Count} lines, none twice");
            Assert.True(after <= s_aim, $"The hub follower got the next run's first line {after.TotalMilliseconds:0} ms after the engine answered (aim {s_aim.TotalMilliseconds:0} ms).");
        }
        finally
        {
            await netns.StartAsync(CancellationToken.None);
            await netns.Client.Containers.RemoveContainerAsync(name, new ContainerRemoveParameters { Force = true }, CancellationToken.None);
        }
    }

    private static string Boot(string line) => line.Split('-') is [_, var boot, ..] ? boot : "";

    private async Task FollowAsync(HubConnection hub, string name, ConcurrentQueue<(string, TimeSpan)> lines, Stopwatch clock, CancellationToken ct)
    {
        try
        {
            await foreach (var batch in hub.StreamAsync<JsonElement>("FollowIn", Environment, name, 0, ct))
            {
                foreach (var line in batch.GetProperty("lines").EnumerateArray())
                {
                    lines.Enqueue((line.GetProperty("text").GetString()!, clock.Elapsed));
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private static async Task<(string Body, Exception? Failure)> ReadToEndAsync(HttpResponseMessage response, CancellationToken ct)
    {
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
        var body = new System.Text.StringBuilder();
        try
        {
            var buffer = new char[4096];
            int read;
            while ((read = await reader.ReadAsync(buffer, ct)) > 0)
            {
                body.Append(buffer, 0, read);
            }

            return (body.ToString(), null);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            return (body.ToString(), ex);
        }
    }
}
