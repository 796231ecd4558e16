using System.Globalization;
using System.Net.Sockets;
using Docker.DotNet.Models;
using Portal.Engine.Labels;
using Portal.IntegrationTests.Api;
using Portal.TestSupport;
using Xunit;

namespace Portal.IntegrationTests.Logs;

/// <summary>
/// <c>GET /api/v1/containers/{id}/logs</c> and <c>/logs/download</c> send what <c>docker logs</c>
/// prints: the engine's bytes, frame headers removed, for stdout/stderr and TTY containers, with
/// tail, since and timestamps passed through.
/// </summary>
public sealed class LogsBytesTests(ApiFixture fx) : IClassFixture<ApiFixture>
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Logs_AnyQuery_ByteIdenticalToTheEngine(bool tty)
    {
        var ct = TestContext.Current.CancellationToken;
        // Both streams, a long line, no final line break, and an escape sequence.
        // A pause in the middle gives since a second that splits the log.
        var script = "i=0; while [ $i -lt 400 ]; do i=$((i+1)); echo \"out $i\"; echo \"err $i\" >&2; [ $i = 200 ] && sleep 2; done; "
            + "printf '\\033[1mbold\\033[0m\\n'; head -c 70000 /dev/zero | tr '\\0' x; echo; printf 'no newline'";
        var name = "logbytes-" + Guid.NewGuid().ToString("N")[..10];
        var labels = new Dictionary<string, string>(fx.Labels) { [PortalLabels.Team] = fx.TeamA };
        var created = await fx.Daemon.Client.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Image = fx.Daemon.Image,
            Name = name,
            Cmd = ["sh", "-c", script],
            Tty = tty,
            Labels = labels,
        }, ct);
        await fx.Daemon.Client.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), ct);
        _ = await fx.Daemon.Client.Containers.WaitContainerAsync(created.ID, ct);

        // The engine may still be writing the log file after the container exits (its copier lags under load,
        // and the unterminated last line is flushed only when the copier closes): compare only once the
        // script's last output is in the log and two reads agree.
        var end = "no newline"u8.ToArray();
        var stamped = await EngineAsync(created.ID, "tail=all&timestamps=1", tty, ct);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        for (var settled = false; !settled;)
        {
            Assert.True(DateTime.UtcNow < deadline, "the engine's log never settled with the script's last line");
            await Task.Delay(300, ct);
            var again = await EngineAsync(created.ID, "tail=all&timestamps=1", tty, ct);
            settled = again.AsSpan().EndsWith(end) && again.AsSpan().SequenceEqual(stamped);
            stamped = again;
        }

        var last = System.Text.Encoding.UTF8.GetString(stamped).Split('\n')[^1];
        var since = DateTimeOffset.Parse(last[..last.IndexOf(' ', StringComparison.Ordinal)], CultureInfo.InvariantCulture).ToUnixTimeSeconds()
            .ToString(CultureInfo.InvariantCulture);
        await Poll.UntilAsync(async t => (await fx.AsOperatorA.GetAsync($"/api/v1/containers/{name}/logs?tail=0", t)).IsSuccessStatusCode, "Portal to know the container", ct);
        foreach (var (portal, engine) in new[]
        {
            ("", "tail=all"),
            ("?tail=all", "tail=all"),
            ("?tail=7", "tail=7"),
            ("?timestamps=true", "tail=all&timestamps=1"),
            ("?tail=3&timestamps=true", "tail=3&timestamps=1"),
            ($"?since={since}", $"tail=all&since={since}"),
        })
        {
            await AssertSameAsync(created.ID, engine, tty, $"/api/v1/containers/{name}/logs{portal}", fx.AsOperatorA, ct);
        }

        await AssertSameAsync(created.ID, "tail=all&timestamps=1", tty, $"/api/v1/containers/{name}/logs/download", fx.AsViewerA, ct);
        await AssertSameAsync(created.ID, "tail=all", tty, $"/api/v1/containers/{name}/logs/download?timestamps=false", fx.AsViewerA, ct);
    }

    /// <summary>Portal's answer at <paramref name="path"/> is byte for byte the engine's answer to <paramref name="engineQuery"/>.</summary>
    private async Task AssertSameAsync(string id, string engineQuery, bool tty, string path, HttpClient client, CancellationToken ct)
    {
        var expected = await EngineAsync(id, engineQuery, tty, ct);
        var actual = await client.GetByteArrayAsync(path, ct);
        if (!expected.AsSpan().SequenceEqual(actual))
        {
            // Both answers go with the test results, to see where they part.
            var stem = Path.Combine(Path.GetTempPath(), $"logbytes-{id[..12]}-{path.GetHashCode(StringComparison.Ordinal):x}");
            await File.WriteAllBytesAsync(stem + ".portal", actual, ct);
            await File.WriteAllBytesAsync(stem + ".engine", expected, ct);
            Assert.Fail($"{path}: {actual.Length} bytes from Portal, {expected.Length} from the engine (both in {stem}.*)");
        }
    }

    /// <summary>The engine's own answer (as the docker CLI reads it): a TTY log as it is, otherwise the frames' payloads in order.</summary>
    private async Task<byte[]> EngineAsync(string id, string query, bool tty, CancellationToken ct)
    {
        var socketPath = fx.Daemon.Endpoint.AbsolutePath;
        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, token) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), token);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        using var http = new HttpClient(handler);
        var raw = await http.GetByteArrayAsync(new Uri($"http://engine/v{fx.Daemon.ApiVersion}/containers/{id}/logs?stdout=1&stderr=1&{query}"), ct);
        if (tty)
        {
            return raw;
        }

        using var payload = new MemoryStream();
        for (var at = 0; at < raw.Length;)
        {
            var size = (raw[at + 4] << 24) | (raw[at + 5] << 16) | (raw[at + 6] << 8) | raw[at + 7];
            payload.Write(raw, at + 8, size);
            at += 8 + size;
        }

        return payload.ToArray();
    }
}
