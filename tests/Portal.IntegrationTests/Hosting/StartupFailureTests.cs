using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Portal.TestSupport;
using Xunit;

namespace Portal.IntegrationTests.Hosting;

/// <summary>The real Portal process, started where it cannot run: on a port something else holds, over a newer database.</summary>
public sealed class StartupFailureTests
{
    [Fact]
    public async Task PortInUse_ExitsWithOneLineSayingWhatToChange()
    {
        var ct = TestContext.Current.CancellationToken;
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;
        var data = Directory.CreateTempSubdirectory("portal-startup-");
        try
        {
            var (exitCode, stderr) = await RunPortalAsync(port, data.FullName, ct);

            Assert.Equal(1, exitCode);
            Assert.Contains($"Portal could not start: Failed to bind to address http://127.0.0.1:{port}: address already in use.", stderr, StringComparison.Ordinal);
            Assert.Contains("set PORTAL_PORT to a free port", stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }

    /// <summary>A downgrade: the data folder's database has a migration this build does not know.</summary>
    [Fact]
    public async Task DatabaseFromANewerPortal_ExitsNonZeroSayingSoAndLeavesTheDatabase()
    {
        var ct = TestContext.Current.CancellationToken;
        var data = Directory.CreateTempSubdirectory("portal-downgrade-");
        try
        {
            var path = Path.Combine(data.FullName, "portal.db");
            await using (var migrated = await SqliteTestDatabase.CreateAsync(ct))
            {
                File.Copy(migrated.Path, path);
            }

            await FutureMigration.RecordAsync(path, ct);

            var (exitCode, stderr) = await RunPortalAsync(FreePorts.Next(), data.FullName, ct);

            Assert.Equal(3, exitCode);
            Assert.Contains("Portal could not start: The database was upgraded by a newer Portal", stderr, StringComparison.Ordinal);
            Assert.Contains(FutureMigration.Id, stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
            // Refused before anything started: no admin account was seeded, no key ring made.
            Assert.False(Directory.Exists(Path.Combine(data.FullName, "keys")));
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Stderr)> RunPortalAsync(int port, string data, CancellationToken ct)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Portal.Web.dll")])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            Environment =
            {
                ["PORTAL_BIND"] = "127.0.0.1",
                ["PORTAL_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["PORTAL_DATA"] = data,
                ["PORTAL_ADMIN_PASSWORD"] = "startup-test-password",
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
            },
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = await process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        await stdout;
        return (process.ExitCode, stderr);
    }
}
