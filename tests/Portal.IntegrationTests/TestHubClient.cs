using System.Net;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Portal.IntegrationTests;

/// <summary>
/// SignalR .NET clients of any Portal hub over the test server's WebSockets, authenticated as a
/// browser-less client is: the bearer token as the <c>access_token</c> query value.
/// </summary>
public static class TestHubClient
{
    /// <summary>The bearer token an API client sends, or null for an anonymous one.</summary>
    public static string? TokenOf(HttpClient client) => client?.DefaultRequestHeaders.Authorization?.Parameter;

    public static async Task<HubConnection> ConnectAsync(TestServer server, string path, string? token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        var query = token is null ? "" : "?access_token=" + Uri.EscapeDataString(token);
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(server.BaseAddress, path.TrimStart('/') + query), o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
                o.WebSocketFactory = (context, ct) => new ValueTask<System.Net.WebSockets.WebSocket>(server.CreateWebSocketClient().ConnectAsync(context.Uri, ct));
            })
            .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()))
            .Build();
        try
        {
            await connection.StartAsync(cancellationToken);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        return connection;
    }

    /// <summary>The status a hub's negotiate request gets with this token: why a WebSocket connect failed.</summary>
    public static async Task<HttpStatusCode> NegotiateStatusAsync(TestServer server, string path, string? token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        using var client = server.CreateClient();
        var query = "?negotiateVersion=1" + (token is null ? "" : "&access_token=" + Uri.EscapeDataString(token));
        using var response = await client.PostAsync(path + "/negotiate" + query, null, cancellationToken);
        return response.StatusCode;
    }
}
