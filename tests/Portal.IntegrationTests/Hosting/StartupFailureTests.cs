using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Xunit;

namespace Portal.IntegrationTests.Hosting;

/// <summary>The real Portal process, started on a port something else holds.</summary>
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
            var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Portal.Web.dll")])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                Environment =
                {
                    ["PORTAL_BIND"] = "127.0.0.1",
                    ["PORTAL_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["PORTAL_DATA"] = data.FullName,
                    ["PORTAL_ADMIN_PASSWORD"] = "startup-test-password",
                    ["ASPNETCORE_ENVIRONMENT"] = "Production",
                },
            };
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync(ct);
            var stderr = await process.StandardError.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct);
            await stdout;

            Assert.Equal(1, process.ExitCode);
            Assert.Contains($"Portal could not start: Failed to bind to address http://127.0.0.1:{port}: address already in use.", stderr, StringComparison.Ordinal);
            Assert.Contains("set PORTAL_PORT to a free port", stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }
}
