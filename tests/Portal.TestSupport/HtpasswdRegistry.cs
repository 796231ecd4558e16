using System.Diagnostics;
using System.Net;
using System.Text;

namespace Portal.TestSupport;

/// <summary>
/// A second Debian <c>docker-registry</c> for one test class, on a free loopback port, that demands
/// a login from a bcrypt htpasswd file (<c>htpasswd -B</c>, package apache2-utils). Everything it
/// writes lives in its temp folder, deleted on dispose; the process is the test's own and is killed by its id.
/// </summary>
public sealed class HtpasswdRegistry : IAsyncDisposable
{
    private const string RegistryBinary = "/usr/bin/docker-registry";
    private const string HtpasswdBinary = "/usr/bin/htpasswd";

    private readonly Process _process;
    private readonly DirectoryInfo _folder;
    private readonly StringBuilder _log = new();

    private HtpasswdRegistry(Process process, DirectoryInfo folder, string address, string user, string password)
    {
        _process = process;
        _folder = folder;
        Address = address;
        User = user;
        Password = password;
    }

    /// <summary><c>127.0.0.1:&lt;port&gt;</c>.</summary>
    public string Address { get; }

    public string User { get; }

    public string Password { get; }

    /// <summary>Starts the registry and waits until <c>/v2/</c> answers 401 (it wants the login).</summary>
    public static async Task<HtpasswdRegistry> StartAsync(CancellationToken cancellationToken)
    {
        foreach (var binary in new[] { (RegistryBinary, "docker-registry"), (HtpasswdBinary, "apache2-utils") })
        {
            if (!File.Exists(binary.Item1))
            {
                throw new InvalidOperationException($"{binary.Item1} is missing: install Debian's {binary.Item2} (scripts/test.sh does). Registry tests fail rather than skip.");
            }
        }

        var folder = Directory.CreateTempSubdirectory("portal-auth-registry.");
        var user = "portal-" + TestNames.Token();
        var password = "pw-" + TestNames.Token();
        await File.WriteAllTextAsync(Path.Combine(folder.FullName, "htpasswd"), await HtpasswdLineAsync(user, password, cancellationToken), cancellationToken);
        var port = FreePorts.Next();
        var config = Path.Combine(folder.FullName, "config.yml");
        await File.WriteAllTextAsync(config, $"""
            version: 0.1
            log:
              level: warn
              accesslog:
                disabled: true
            storage:
              filesystem:
                rootdirectory: {folder.FullName}/storage
              delete:
                enabled: true
            http:
              addr: 127.0.0.1:{port}
            auth:
              htpasswd:
                realm: portal-test
                path: {folder.FullName}/htpasswd
            """, cancellationToken);

        var process = new Process
        {
            StartInfo = new ProcessStartInfo(RegistryBinary, ["serve", config])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
            },
        };
        var registry = new HtpasswdRegistry(process, folder, $"127.0.0.1:{port}", user, password);
        process.OutputDataReceived += (_, e) => registry.Append(e.Data);
        process.ErrorDataReceived += (_, e) => registry.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await registry.WaitUntilAnswersAsync(cancellationToken);
            return registry;
        }
        catch
        {
            await registry.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already gone.
        }

        _process.Dispose();
        try
        {
            _folder.Delete(recursive: true);
        }
        catch (IOException)
        {
            // The temp folder is reclaimed by the OS.
        }
    }

    private static async Task<string> HtpasswdLineAsync(string user, string password, CancellationToken cancellationToken)
    {
        // -B bcrypt, -b password on the command line (a throw-away test secret), -n print instead of writing a file.
        using var htpasswd = Process.Start(new ProcessStartInfo(HtpasswdBinary, ["-Bbn", user, password])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        var line = await htpasswd.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = await htpasswd.StandardError.ReadToEndAsync(cancellationToken);
        await htpasswd.WaitForExitAsync(cancellationToken);
        if (htpasswd.ExitCode != 0 || !line.StartsWith(user + ":$2", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"htpasswd -B failed (exit {htpasswd.ExitCode}): {error}");
        }

        return line.Trim() + "\n";
    }

    private async Task WaitUntilAnswersAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        try
        {
            await Poll.UntilAsync(async ct =>
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"docker-registry exited ({_process.ExitCode}): {Log}");
                }

                try
                {
                    using var response = await http.GetAsync($"http://{Address}/v2/", ct);
                    return response.StatusCode == HttpStatusCode.Unauthorized;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            }, $"docker-registry with htpasswd auth on {Address}", cancellationToken);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message} Its log: {Log}", ex);
        }
    }

    private string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            // Bounded: only the start of a misbehaving registry's log is worth showing.
            if (_log.Length < 16_000)
            {
                _log.AppendLine(line);
            }
        }
    }
}
