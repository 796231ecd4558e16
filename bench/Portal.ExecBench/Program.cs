using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Net.WebSockets;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

// Terminal echo round trip: one keystroke in, its echo out, through Portal against a raw hijacked
// exec stream on the engine, in the same run and the same container (`cat` on a TTY: the kernel's
// line discipline echoes each byte, so the process itself adds nothing). Two Portal paths: the
// hub's Input/Output (API clients) and the /hubs/terminal WebSocket the page's terminal uses.
// Usage: Portal.ExecBench <portal base url> <admin password> <image> <round trips> <out file> <relay base url>
//        Portal.ExecBench relay <port>     (the bare WebSocket relay, started as its own process)
if (args[0] == "relay")
{
    await Portal.ExecBench.Relay.RunAsync(int.Parse(args[1], CultureInfo.InvariantCulture));
    return 0;
}

var relayUrl = args[5].TrimEnd('/');
var (baseUrl, password, image, count, outFile) = (args[0].TrimEnd('/'), args[1], args[2], int.Parse(args[3], CultureInfo.InvariantCulture), args[4]);
// Long enough for tiered compilation to replace both processes' first-tier code (30 calls, then a
// background recompile): a long-running Portal serves keystrokes from optimised code.
const int Warmup = 500;
using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
var ct = timeout.Token;
var session = Guid.NewGuid().ToString("N")[..12];
var name = $"pbench-exec-{session}";

using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
var login = await http.PostAsJsonAsync("/api/v1/auth/token", new { username = "admin", password, name = "exec-bench" }, ct);
login.EnsureSuccessStatusCode();
var token = (await login.Content.ReadFromJsonAsync<TokenBody>(ct))!.Token;
http.DefaultRequestHeaders.Authorization = new("Bearer", token);
using var docker = new DockerClientBuilder().WithEndpoint(new Uri("unix:///var/run/docker.sock")).Build();
(await http.PostAsJsonAsync("/api/v1/containers", new
{
    image,
    name,
    command = new[] { "sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait" },
    labels = new Dictionary<string, string> { ["portal-bench.session"] = session },
}, ct)).EnsureSuccessStatusCode();
try
{
    var (raw, portal, socket, relay) = await InterleavedAsync(docker, baseUrl, relayUrl, token, name, count, ct);
    var report = Report(raw, portal, socket, relay, count);
    Console.Write(report);
    await File.WriteAllTextAsync(outFile, report, ct);
}
finally
{
    await docker.Containers.RemoveContainerAsync(name, new ContainerRemoveParameters { Force = true }, CancellationToken.None);
}

return 0;

// Both sessions open at once and the keystrokes alternate raw, Portal, raw, … so a shared
// machine's changing load falls on both paths alike (one after the other, it did not).
static async Task<(double[] Raw, double[] Portal, double[] Socket, double[] Relay)> InterleavedAsync(DockerClient docker, string baseUrl, string relayUrl, string token, string container, int count, CancellationToken ct)
{
    var exec = await docker.Exec.CreateContainerExecAsync(container, new ContainerExecCreateParameters
    {
        Cmd = ["cat"], TTY = true, AttachStdin = true, AttachStdout = true, AttachStderr = true,
    }, ct);
    using var stream = await docker.Exec.StartContainerExecAsync(exec.ID, new ContainerExecStartParameters { TTY = true }, ct);
    var key = "x"u8.ToArray();
    var buffer = new byte[4096];

    await using var hub = new HubConnectionBuilder()
        .WithUrl($"{baseUrl}/hubs/exec", o =>
        {
            o.Transports = HttpTransportType.WebSockets;
            o.SkipNegotiation = true;
            o.AccessTokenProvider = () => Task.FromResult<string?>(token);
        })
        .Build();
    await hub.StartAsync(ct);
    var id = await hub.InvokeAsync<string>("StartSession", new { container, command = new[] { "cat" }, cols = 80, rows = 24 }, ct);

    // The loop reads the hub's stream itself, as the raw loop reads its socket: a reader task
    // feeding a second channel would add a thread hop to every round trip that Portal does not make.
    await using var frames = hub.StreamAsync<Frame>("Output", id, ct).GetAsyncEnumerator(ct);

    // The terminal page's path: a second session, its bytes on the plain WebSocket.
    var socketId = await hub.InvokeAsync<string>("StartSession", new { container, command = new[] { "cat" }, cols = 80, rows = 24 }, ct);
    var ticket = await hub.InvokeAsync<string>("AttachTicket", socketId, ct);
    using var socket = new ClientWebSocket();
    socket.Options.SetRequestHeader("Authorization", "Bearer " + token);
    await socket.ConnectAsync(new Uri(baseUrl.Replace("http", "ws", StringComparison.Ordinal) + "/hubs/terminal?ticket=" + ticket), ct);
    using var relaySocket = new ClientWebSocket();
    await relaySocket.ConnectAsync(new Uri(relayUrl.Replace("http", "ws", StringComparison.Ordinal) + "/relay?container=" + container), ct);
    var raw = new List<double>(count);
    var portal = new List<double>(count);
    var sockets = new List<double>(count);
    var relays = new List<double>(count);
    for (var i = 0; i < Warmup + count; i++)
    {
        var clock = Stopwatch.StartNew();
        await stream.WriteAsync(key, 0, 1, ct);
        var read = await stream.ReadOutputAsync(buffer, 0, buffer.Length, ct);
        clock.Stop();
        if (read.EOF || read.Count != 1)
        {
            throw new InvalidOperationException($"raw: expected one echoed byte, got {read.Count}");
        }

        var rawMs = clock.Elapsed.TotalMilliseconds;
        clock.Restart();
        await hub.SendAsync("Input", id, "x", ct);
        string? echoed = null;
        while (echoed is null)
        {
            if (!await frames.MoveNextAsync())
            {
                throw new InvalidOperationException("portal: the session ended");
            }

            echoed = frames.Current.Data;
        }

        clock.Stop();
        if (echoed != "x")
        {
            throw new InvalidOperationException($"portal: expected 'x', got '{echoed}'");
        }

        var portalMs = clock.Elapsed.TotalMilliseconds;
        clock.Restart();
        await socket.SendAsync(key, WebSocketMessageType.Binary, endOfMessage: true, ct);
        var received = await socket.ReceiveAsync(buffer.AsMemory(), ct);
        clock.Stop();
        if (received.MessageType != WebSocketMessageType.Binary || received.Count != 1 || buffer[0] != (byte)'x')
        {
            throw new InvalidOperationException($"socket: expected one echoed 'x', got {received.MessageType} of {received.Count} bytes");
        }

        var socketMs = clock.Elapsed.TotalMilliseconds;
        clock.Restart();
        await relaySocket.SendAsync(key, WebSocketMessageType.Binary, endOfMessage: true, ct);
        var relayed = await relaySocket.ReceiveAsync(buffer.AsMemory(), ct);
        clock.Stop();
        if (relayed.Count != 1 || buffer[0] != (byte)'x')
        {
            throw new InvalidOperationException($"relay: expected one echoed 'x', got {relayed.Count} bytes");
        }

        if (i >= Warmup)
        {
            raw.Add(rawMs);
            portal.Add(portalMs);
            sockets.Add(socketMs);
            relays.Add(clock.Elapsed.TotalMilliseconds);
        }
    }

    await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", ct);
    relaySocket.Abort();
    await hub.InvokeAsync("Close", id, ct);
    return ([.. raw], [.. portal], [.. sockets], [.. relays]);
}

static string Report(double[] raw, double[] portal, double[] socket, double[] relay, int count)
{
    static double P(double[] s, double q)
    {
        var sorted = s.Order().ToArray();
        return sorted[(int)Math.Clamp(Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    var inv = CultureInfo.InvariantCulture;
    var ratio = P(portal, 0.5) / P(raw, 0.5);
    var socketRatio = P(socket, 0.5) / P(raw, 0.5);
    var relayRatio = P(relay, 0.5) / P(raw, 0.5);
    return string.Create(inv, $"""
        # Terminal echo round trip

        {count} keystrokes (after {Warmup} warm-up) into `cat` on a TTY in one busybox container; each
        waits for its echo before the next; raw and both Portal paths' keystrokes alternate, so all meet
        the same machine load. Raw: Docker.DotNet's hijacked exec stream on the engine socket. Portal
        terminal socket (what the page's terminal uses): a .NET `ClientWebSocket` on `/hubs/terminal`
        (token auth, attached with a ticket from `/hubs/exec`), binary frames both ways. Portal hub
        (for API clients): SignalR .NET client over a loopback WebSocket to `/hubs/exec`, `Input` sent
        without waiting for its completion, `Output` stream items. Each Portal session writes to and
        reads from its own hijacked exec stream. Bare relay: the floor under any web terminal, a second
        process with a plain Kestrel WebSocket relayed to its own hijacked exec stream (no sign-in,
        pipeline or bookkeeping; bench/Portal.ExecBench/Relay.cs). Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC
        on {Environment.ProcessorCount} CPUs, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} (1 min) at the end.

        | path | p50 ms | p90 ms | p99 ms | max ms |
        | --- | ---: | ---: | ---: | ---: |
        | raw hijacked exec stream | {P(raw, 0.5):0.000} | {P(raw, 0.9):0.000} | {P(raw, 0.99):0.000} | {raw.Max():0.000} |
        | Portal terminal socket `/hubs/terminal` | {P(socket, 0.5):0.000} | {P(socket, 0.9):0.000} | {P(socket, 0.99):0.000} | {socket.Max():0.000} |
        | Portal hub `/hubs/exec` | {P(portal, 0.5):0.000} | {P(portal, 0.9):0.000} | {P(portal, 0.99):0.000} | {portal.Max():0.000} |
        | bare WebSocket relay (no Portal) | {P(relay, 0.5):0.000} | {P(relay, 0.9):0.000} | {P(relay, 0.99):0.000} | {relay.Max():0.000} |

        **p50 ratio Portal terminal socket / raw: {socketRatio:0.00}** (target ≤ 1.5). Hub path / raw: {ratio:0.00}.
        Bare relay / raw: {relayRatio:0.00}; Portal terminal socket / bare relay: {P(socket, 0.5) / P(relay, 0.5):0.00}.

        """);
}

internal sealed record TokenBody(int Id, string Token);

internal sealed record Frame(string? Data, bool Ended, long? ExitCode, string? Message);
