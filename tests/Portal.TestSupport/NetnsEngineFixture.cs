using System.Diagnostics;
using Docker.DotNet;
using Xunit;

namespace Portal.TestSupport;

/// <summary>
/// A <c>dockerd</c> of the test run's own, in a network namespace the fixture makes, for tests that
/// stop and start an engine (or need a second one) without touching the host's shared daemon.
/// </summary>
/// <remarks>
/// The daemon runs as <c>nsenter --net=/run/netns/NS dockerd</c> with its own data root, exec root,
/// pid file, config file and unix socket, so its bridge and iptables rules live in its namespace
/// (never <c>ip netns exec</c>, which remounts /sys and hides the cgroup mounts dockerd needs; never
/// a second daemon in the host's namespace, where start-up would delete the host's <c>docker0</c>).
/// One per run: share it through a collection fixture. Disposing stops the daemon and removes the
/// namespace and the folder. Needs root; with <c>CI=true</c> a missing prerequisite fails, otherwise too
/// (engine tests never skip).
/// </remarks>
public sealed class NetnsEngineFixture : IAsyncLifetime
{
    /// <summary>Starting (or restarting) the daemon until it answers must finish within this.</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    /// <summary>Stopping the daemon (SIGTERM, then SIGKILL) must finish within this.</summary>
    public static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    private readonly string _token = TestNames.Token()[..8];
    private Process? _daemon;
    private DockerClient? _client;

    /// <summary>The network namespace's name (under /run/netns).</summary>
    public string Namespace => $"portal-t-{_token}";

    /// <summary>Holds the daemon's data and exec roots, socket, pid file and log.</summary>
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), $"pne-{Guid.NewGuid().ToString("N")[..8]}");

    /// <summary>The daemon's socket.</summary>
    public string SocketPath => Path.Combine(Folder, "docker.sock");

    /// <summary>The daemon's endpoint, for Portal's engine options.</summary>
    public Uri Endpoint => new($"unix://{SocketPath}");

    /// <summary>The daemon's log (stdout and stderr), for failure messages.</summary>
    public string LogPath => Path.Combine(Folder, "dockerd.log");

    /// <summary>The offline test image, imported into this daemon at start.</summary>
    public string Image { get; } = TestImage.Name;

    /// <summary>A client for direct calls to this daemon (stand-in for the docker CLI).</summary>
    public IDockerClient Client => _client ?? throw new InvalidOperationException("The namespaced engine is not initialised.");

    /// <summary>More <c>dockerd</c> flags (for example a TCP listener with TLS); paths must not contain spaces.</summary>
    public IReadOnlyList<string> ExtraDaemonArgs { get; init; } = [];

    /// <summary>Runs once the namespace exists and before the daemon first starts (for example to wire a veth pair into it).</summary>
    public Func<NetnsEngineFixture, CancellationToken, Task>? BeforeStart { get; init; }

    /// <summary>True while the daemon process runs.</summary>
    public bool IsRunning => _daemon is { HasExited: false };

    public async ValueTask InitializeAsync()
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            throw new InvalidOperationException("The namespaced engine needs Linux and root (ip netns, nsenter, dockerd).");
        }

        using var cts = new CancellationTokenSource(StartTimeout * 2);
        Directory.CreateDirectory(Folder);
        await File.WriteAllTextAsync(Path.Combine(Folder, "daemon.json"), "{}", cts.Token);
        await RunAsync("ip", ["netns", "add", Namespace], cts.Token);
        await RunAsync("nsenter", [$"--net=/run/netns/{Namespace}", "ip", "link", "set", "lo", "up"], cts.Token);
        if (BeforeStart is not null)
        {
            await BeforeStart(this, cts.Token);
        }

        await StartAsync(cts.Token);
        _client = new DockerClientBuilder().WithEndpoint(Endpoint).Build();
        await TestImage.EnsureAsync(_client, Image, cts.Token);
    }

    /// <summary>Starts the daemon and returns once it answers <c>/_ping</c>.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (IsRunning)
        {
            return;
        }

        // sh execs nsenter, which execs dockerd: the process id is the daemon's.
        var args = string.Join(' ', new[]
        {
            "exec", "nsenter", $"--net=/run/netns/{Namespace}", "dockerd",
            "--config-file", Path.Combine(Folder, "daemon.json"),
            "--data-root", Path.Combine(Folder, "data"),
            "--exec-root", Path.Combine(Folder, "exec"),
            "--pidfile", Path.Combine(Folder, "dockerd.pid"),
            "-H", $"unix://{SocketPath}",
        }.Concat(ExtraDaemonArgs).Concat([">>", LogPath, "2>&1"]));
        _daemon = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", args]) { UseShellExecute = false })
            ?? throw new InvalidOperationException("dockerd did not start.");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(StartTimeout);
        try
        {
            while (!await PingAsync(deadline.Token))
            {
                if (_daemon.HasExited)
                {
                    throw new InvalidOperationException($"dockerd exited with {_daemon.ExitCode}: {await TailAsync()}");
                }

                await Task.Delay(50, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"dockerd did not answer within {StartTimeout.TotalSeconds:0} s: {await TailAsync()}");
        }
    }

    /// <summary>Stops the daemon (SIGTERM, SIGKILL after <see cref="StopTimeout"/>) and waits for it to exit.</summary>
    public async Task StopAsync()
    {
        if (_daemon is not { } daemon)
        {
            return;
        }

        if (!daemon.HasExited)
        {
            await RunAsync("kill", ["-TERM", daemon.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], CancellationToken.None);
            using var wait = new CancellationTokenSource(StopTimeout);
            try
            {
                await daemon.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                daemon.Kill();
                await daemon.WaitForExitAsync(CancellationToken.None);
            }
        }

        daemon.Dispose();
        _daemon = null;
    }

    /// <summary>True when the daemon's socket answers <c>GET /_ping</c> with OK.</summary>
    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(SocketPath))
        {
            return false;
        }

        try
        {
            using var handler = new SocketsHttpHandler
            {
                ConnectCallback = async (_, ct) =>
                {
                    var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
                    await socket.ConnectAsync(new System.Net.Sockets.UnixDomainSocketEndPoint(SocketPath), ct);
                    return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
                },
            };
            using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(2) };
            using var response = await http.GetAsync(new Uri("http://engine/_ping"), cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or System.Net.Sockets.SocketException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _client?.Dispose();
        await StopAsync();
        await RunAsync("ip", ["netns", "delete", Namespace], CancellationToken.None, check: false);
        // A clean stop unmounts the daemon's layers; a killed one may leave some behind.
        await RunAsync("sh", ["-c", $"grep -o ' {Folder}/[^ ]*' /proc/self/mounts | sort -r | xargs -r -n1 umount -l"], CancellationToken.None, check: false);
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the machine's temp clean-up; nothing else uses the folder.
        }
    }

    private async Task<string> TailAsync() =>
        File.Exists(LogPath) ? string.Join('\n', (await File.ReadAllLinesAsync(LogPath)).TakeLast(15)) : "(no log)";

    /// <summary>Runs a tool to its end; with <paramref name="check"/>, a non-zero exit fails with its stderr. Returns its stdout.</summary>
    internal static async Task<string> RunAsync(string file, IReadOnlyList<string> args, CancellationToken cancellationToken, bool check = true)
    {
        using var process = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false })
            ?? throw new InvalidOperationException($"{file} did not start.");
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        var stdout = await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (check && process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {await stderr}");
        }

        return stdout;
    }
}
