using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.TestHost;

namespace Portal.IntegrationTests.Api;

/// <summary>A SignalR .NET client of <c>/hubs/exec</c> over the test server's WebSockets, authenticated as a browser-less client would be: <c>access_token</c> in the query.</summary>
public static class ExecHubClient
{
    public static async Task<HubConnection> ConnectAsync(TestServer server, HttpClient authenticated, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(authenticated);
        var token = authenticated.DefaultRequestHeaders.Authorization?.Parameter ?? throw new InvalidOperationException("The client has no bearer token.");
        var url = new Uri(server.BaseAddress, "hubs/exec?access_token=" + Uri.EscapeDataString(token));
        var connection = new HubConnectionBuilder()
            .WithUrl(url, o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
                o.WebSocketFactory = (context, ct) => new ValueTask<System.Net.WebSockets.WebSocket>(server.CreateWebSocketClient().ConnectAsync(context.Uri, ct));
            })
            .Build();
        await connection.StartAsync(cancellationToken);
        return connection;
    }
}
