using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.TestHost;

namespace Portal.IntegrationTests.Api;

/// <summary>A SignalR .NET client of <c>/hubs/exec</c>, authenticated as a browser-less client would be: <c>access_token</c> in the query.</summary>
public static class ExecHubClient
{
    public static Task<HubConnection> ConnectAsync(TestServer server, HttpClient authenticated, CancellationToken cancellationToken) =>
        TestHubClient.ConnectAsync(server, "/hubs/exec", TestHubClient.TokenOf(authenticated)
            ?? throw new InvalidOperationException("The client has no bearer token."), cancellationToken);
}
