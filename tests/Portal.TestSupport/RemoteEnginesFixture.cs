using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Portal.Data.Entities;
using Portal.Engine.Docker;
using Xunit;

namespace Portal.TestSupport;

/// <summary>
/// Two engines of the test run's own, each reached the way a remote one is: a <c>dockerd</c> in its own network
/// namespace listening on <c>tcp://NS_IP:2376</c> with <c>--tlsverify</c>, and a second one behind Debian's
/// <c>sshd</c> started in its namespace (key-only root login, <c>DOCKER_HOST</c> set for the session, so
/// <c>docker system dial-stdio</c> reaches it). Each namespace is joined to the host by a veth pair in a /30 of its
/// own (host .1, namespace .2): the host's traffic goes to those namespace addresses only.
/// </summary>
/// <remarks>
/// Certificates (CA, engine certificate for the namespace address, client certificate, and a second "wrong" CA with a
/// client certificate of its own) are made here with <see cref="TestCertificates"/> (.NET's <c>CertificateRequest</c>);
/// the SSH host and client keys with <c>ssh-keygen</c>. One instance per run (collection fixture). Disposing stops
/// sshd, the daemons and every process left in the namespaces, and deletes the veths, namespaces and folder.
/// </remarks>
public sealed class RemoteEnginesFixture : IAsyncLifetime
{
    private readonly string _token = TestNames.Token()[..6];
    private readonly int _subnet = Random.Shared.Next(1, 250);
    private Process? _sshd;

    public RemoteEnginesFixture()
    {
        TlsAddress = IPAddress.Parse(string.Create(CultureInfo.InvariantCulture, $"10.251.{_subnet}.2"));
        SshAddress = IPAddress.Parse(string.Create(CultureInfo.InvariantCulture, $"10.251.{_subnet}.6"));
        Tls = new NetnsEngineFixture
        {
            ExtraDaemonArgs =
            [
                "-H", $"tcp://{TlsAddress}:2376", "--tlsverify",
                "--tlscacert", Path.Combine(Folder, "ca.pem"), "--tlscert", Path.Combine(Folder, "server.pem"), "--tlskey", Path.Combine(Folder, "server-key.pem"),
            ],
            BeforeStart = async (ns, ct) =>
            {
                await WireAsync(ns, "t", $"10.251.{_subnet}.1/30", $"{TlsAddress}/30", ct);
                await NetnsEngineFixture.RunAsync("nsenter", [$"--net=/run/netns/{ns.Namespace}", "iptables", "-I", "INPUT", "-p", "tcp", "--dport", SilentPort.ToString(CultureInfo.InvariantCulture), "-j", "DROP"], ct);
            },
        };
        Ssh = new NetnsEngineFixture { BeforeStart = (ns, ct) => WireAsync(ns, "s", $"10.251.{_subnet}.5/30", $"{SshAddress}/30", ct) };
    }

    /// <summary>Keys, certificates, sshd's configuration, pid file and log.</summary>
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), $"pre-{Guid.NewGuid().ToString("N")[..8]}");

    /// <summary>The engine with mutual TLS on <see cref="TlsEndpoint"/> (and its own unix socket).</summary>
    public NetnsEngineFixture Tls { get; }

    /// <summary>The engine behind sshd (reached only through <c>dial-stdio</c> over SSH by Portal).</summary>
    public NetnsEngineFixture Ssh { get; }

    public IPAddress TlsAddress { get; }

    public IPAddress SshAddress { get; }

    public string TlsEndpoint => $"tcp://{TlsAddress}:2376";

    /// <summary>A port on the TLS namespace's address whose packets the namespace drops: a connect there never completes.</summary>
    public int SilentPort => 2379;

    public string SshUri => $"ssh://root@{SshAddress}";

    public string CaPem { get; private set; } = "";

    public string ClientCertPem { get; private set; } = "";

    public string ClientKeyPem { get; private set; } = "";

    /// <summary>A CA that signed neither the engine's certificate nor the one the engine trusts.</summary>
    public string WrongCaPem { get; private set; } = "";

    public string WrongClientCertPem { get; private set; } = "";

    public string WrongClientKeyPem { get; private set; } = "";

    /// <summary>The client key sshd accepts for root (OpenSSH format).</summary>
    public string SshPrivateKey { get; private set; } = "";

    /// <summary>sshd's host key as <c>ssh-keygen -lf</c> prints it.</summary>
    public string SshHostKeyFingerprint { get; private set; } = "";

    /// <summary>The fingerprint of another key: what a changed host key looks like to a pin.</summary>
    public string OtherHostKeyFingerprint { get; private set; } = "";

    /// <summary>How long <see cref="InitializeAsync"/> took (both daemons, sshd, keys and the test image).</summary>
    public TimeSpan StartTime { get; private set; }

    public string SshdLogPath => Path.Combine(Folder, "sshd.log");

    /// <summary>The TLS environment as Portal stores it, with the right material unless a test swaps some.</summary>
    public EnvironmentDefinition TlsDefinition(string name) => new(name, EnvironmentKind.TcpTls, TlsEndpoint)
    {
        TlsCaPem = CaPem,
        TlsClientCertPem = ClientCertPem,
        TlsClientKeyPem = ClientKeyPem,
    };

    /// <summary>The SSH environment as Portal stores it, host key pinned.</summary>
    public EnvironmentDefinition SshDefinition(string name) => new(name, EnvironmentKind.Ssh, SshUri)
    {
        SshPrivateKey = SshPrivateKey,
        SshHostKeyFingerprint = SshHostKeyFingerprint,
    };

    public async ValueTask InitializeAsync()
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new InvalidOperationException("The remote engines need Linux and root (ip netns, nsenter, dockerd, sshd).");
        }

        var started = Stopwatch.StartNew();
        using var cts = new CancellationTokenSource(NetnsEngineFixture.StartTimeout * 2);
        Directory.CreateDirectory(Folder);
        File.SetUnixFileMode(Folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        await WriteCertificatesAsync(cts.Token);
        await Task.WhenAll(Tls.InitializeAsync().AsTask(), Ssh.InitializeAsync().AsTask());
        await StartSshdAsync(cts.Token);
        StartTime = started.Elapsed;
    }

    public async ValueTask DisposeAsync()
    {
        if (_sshd is { } sshd)
        {
            if (!sshd.HasExited)
            {
                sshd.Kill();
                await sshd.WaitForExitAsync(CancellationToken.None);
            }

            sshd.Dispose();
        }

        await Tls.StopAsync();
        await Ssh.StopAsync();
        // Sessions sshd forked (a dial-stdio whose client is gone) live on in the namespace: end exactly those.
        foreach (var ns in new[] { Tls.Namespace, Ssh.Namespace })
        {
            var pids = await NetnsEngineFixture.RunAsync("ip", ["netns", "pids", ns], CancellationToken.None, check: false);
            foreach (var pid in pids.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                await NetnsEngineFixture.RunAsync("kill", ["-KILL", pid], CancellationToken.None, check: false);
            }
        }

        await Tls.DisposeAsync();
        await Ssh.DisposeAsync();
        foreach (var side in new[] { "t", "s" })
        {
            await NetnsEngineFixture.RunAsync("ip", ["link", "delete", HostVeth(side)], CancellationToken.None, check: false);
        }

        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the machine's temp clean-up; nothing else uses the folder.
        }
    }

    private string HostVeth(string side) => $"pv{side}{_token}h";

    /// <summary>A veth pair: the host end gets <paramref name="hostCidr"/>, the end moved into the namespace <paramref name="nsCidr"/>.</summary>
    private async Task WireAsync(NetnsEngineFixture ns, string side, string hostCidr, string nsCidr, CancellationToken ct)
    {
        var host = HostVeth(side);
        var inner = $"pv{side}{_token}n";
        string[] enter = [$"--net=/run/netns/{ns.Namespace}"];
        await NetnsEngineFixture.RunAsync("ip", ["link", "add", host, "type", "veth", "peer", "name", inner], ct);
        await NetnsEngineFixture.RunAsync("ip", ["link", "set", inner, "netns", ns.Namespace], ct);
        await NetnsEngineFixture.RunAsync("ip", ["addr", "add", hostCidr, "dev", host], ct);
        await NetnsEngineFixture.RunAsync("ip", ["link", "set", host, "up"], ct);
        await NetnsEngineFixture.RunAsync("nsenter", [.. enter, "ip", "addr", "add", nsCidr, "dev", inner], ct);
        await NetnsEngineFixture.RunAsync("nsenter", [.. enter, "ip", "link", "set", inner, "up"], ct);
    }

    private async Task WriteCertificatesAsync(CancellationToken ct)
    {
        using var ca = new TestCertificates("portal-test-ca");
        using var wrong = new TestCertificates("portal-test-wrong-ca");
        var (serverCert, serverKey) = ca.IssueServer(TlsAddress);
        (ClientCertPem, ClientKeyPem) = ca.IssueClient("portal");
        (WrongClientCertPem, WrongClientKeyPem) = wrong.IssueClient("portal");
        CaPem = ca.CaPem;
        WrongCaPem = wrong.CaPem;
        await File.WriteAllTextAsync(Path.Combine(Folder, "ca.pem"), CaPem, ct);
        await File.WriteAllTextAsync(Path.Combine(Folder, "server.pem"), serverCert, ct);
        await File.WriteAllTextAsync(Path.Combine(Folder, "server-key.pem"), serverKey, ct);
    }

    private async Task StartSshdAsync(CancellationToken ct)
    {
        var hostKey = Path.Combine(Folder, "ssh_host_ed25519_key");
        var otherKey = Path.Combine(Folder, "other_host_key");
        var clientKey = Path.Combine(Folder, "client_key");
        foreach (var key in new[] { hostKey, otherKey, clientKey })
        {
            await NetnsEngineFixture.RunAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "portal-test", "-f", key], ct);
        }

        SshHostKeyFingerprint = await FingerprintAsync(hostKey, ct);
        OtherHostKeyFingerprint = await FingerprintAsync(otherKey, ct);
        SshPrivateKey = await File.ReadAllTextAsync(clientKey, ct);
        var authorized = Path.Combine(Folder, "authorized_keys");
        File.Copy(clientKey + ".pub", authorized);
        var home = Directory.CreateDirectory(Path.Combine(Folder, "home")).FullName;
        var config = Path.Combine(Folder, "sshd_config");
        await File.WriteAllLinesAsync(config,
        [
            $"ListenAddress {SshAddress}",
            "Port 22",
            $"HostKey {hostKey}",
            $"PidFile {Path.Combine(Folder, "sshd.pid")}",
            $"AuthorizedKeysFile {authorized}",
            "PermitRootLogin prohibit-password",
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            "UsePAM no",
            // The keys live under the temp folder, whose modes StrictModes would refuse.
            "StrictModes no",
            // An empty home: the session's bash would otherwise run this machine's root ~/.bashrc (pyenv init, about 1 s)
            // before every command, which is the host's cost, not Portal's.
            $"SetEnv DOCKER_HOST=unix://{Ssh.SocketPath} HOME={home}",
        ], ct);
        // sshd wants its privilege separation folder; Debian's service would make it.
        Directory.CreateDirectory("/run/sshd");
        await NetnsEngineFixture.RunAsync("/usr/sbin/sshd", ["-t", "-f", config], ct);
        _sshd = Process.Start(new ProcessStartInfo("nsenter", [$"--net=/run/netns/{Ssh.Namespace}", "/usr/sbin/sshd", "-D", "-f", config, "-E", SshdLogPath]) { UseShellExecute = false })
            ?? throw new InvalidOperationException("sshd did not start.");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            if (_sshd.HasExited)
            {
                throw new InvalidOperationException($"sshd exited with {_sshd.ExitCode}: {(File.Exists(SshdLogPath) ? await File.ReadAllTextAsync(SshdLogPath, ct) : "(no log)")}");
            }

            try
            {
                using var probe = new Socket(SocketType.Stream, ProtocolType.Tcp);
                await probe.ConnectAsync(new IPEndPoint(SshAddress, 22), deadline.Token);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50, deadline.Token);
            }
        }
    }

    private static async Task<string> FingerprintAsync(string key, CancellationToken ct)
    {
        // "256 SHA256:… comment (ED25519)"
        var line = await NetnsEngineFixture.RunAsync("ssh-keygen", ["-l", "-E", "sha256", "-f", key + ".pub"], ct);
        return line.Split(' ')[1];
    }
}
