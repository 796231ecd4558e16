using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Portal.E2E;

/// <summary>The real Portal on a Kestrel loopback port, with its own data folder and a known admin password.</summary>
public sealed class PortalServer : WebApplicationFactory<Program>
{
    public const string AdminPassword = "e2e-admin-password";

    private readonly string _data = Path.Combine(Path.GetTempPath(), "portal-e2e", Guid.NewGuid().ToString("N"));

    public PortalServer()
    {
        Directory.CreateDirectory(_data);
        UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
    }

    /// <summary>Root URL, such as <c>http://127.0.0.1:41234</c>.</summary>
    public string BaseUrl { get; private set; } = "";

    public void Start()
    {
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        BaseUrl = addresses.First().TrimEnd('/');
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Static web assets (MudBlazor's css/js) are only mapped from the build output in Development.
        builder.UseEnvironment("Development");
        builder.UseSetting("PORTAL_DATA", _data);
        builder.UseSetting("PORTAL_ADMIN_PASSWORD", AdminPassword);
        builder.UseSetting("PORTAL_ENGINE", "unix://" + E2EEnvironment.DockerSocket);
        builder.UseSetting("PORTAL_PORT", "0");
        builder.UseSetting("PORTAL_SIGNIN_RATE_LIMIT", "10000");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file a moment after shutdown; it is a temp folder.
        }
    }
}
