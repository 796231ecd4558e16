using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Configuration;

namespace Portal.E2E;

/// <summary>
/// A reverse proxy on its own loopback port in front of Portal, set up as people set up nginx for
/// an app with WebSockets: every path forwarded, Upgrade passed through, the original Host kept and
/// X-Forwarded-* added. Browsers that talk to it never reach Portal's own port.
/// </summary>
public sealed class ReverseProxy : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ReverseProxy(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    /// <summary>Root URL of the proxy, such as <c>http://127.0.0.1:41235</c>.</summary>
    public string BaseUrl { get; }

    public static async Task<ReverseProxy> StartAsync(string upstream, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        builder.Services.AddReverseProxy().LoadFromMemory(
            [new RouteConfig
            {
                RouteId = "portal",
                ClusterId = "portal",
                Match = new RouteMatch { Path = "{**path}" },
                Transforms = [new Dictionary<string, string> { ["RequestHeaderOriginalHost"] = "true" }],
            }],
            [new ClusterConfig
            {
                ClusterId = "portal",
                Destinations = new Dictionary<string, DestinationConfig> { ["portal"] = new() { Address = upstream } },
            }]);
        var app = builder.Build();
        app.MapReverseProxy();
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new ReverseProxy(app, address.TrimEnd('/'));
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
