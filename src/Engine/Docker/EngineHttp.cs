using System.Globalization;
using System.Net.Sockets;
using System.Text.Json;
using Docker.DotNet;

namespace Portal.Engine.Docker;

/// <summary>
/// Raw JSON calls to the engine for the few endpoints whose Docker.DotNet model does not match
/// the API versions we speak: <c>/system/df</c> is modelled only in its API 1.52 shape, while
/// 1.41–1.47 daemons answer with <c>LayersSize</c>/<c>Images</c>/<c>Volumes</c>/<c>BuildCache</c>.
/// </summary>
public sealed class EngineHttp(Engines engines)
{
    /// <summary>Sends <paramref name="method"/> to <paramref name="pathAndQuery"/> (after the version prefix) and parses the JSON answer.</summary>
    public async Task<JsonDocument> SendAsync(HttpMethod method, string pathAndQuery, CancellationToken cancellationToken)
    {
        var connection = engines.Current.Connection;
        _ = connection.Client; // throws the usual "engine not available" failure first
        var version = connection.Status.ApiVersion ?? EngineConnection.ClientMaxApiVersion.ToString();
        var endpoint = new Uri(connection.Endpoint);
        using var handler = new SocketsHttpHandler();
        Uri baseUri;
        if (endpoint.Scheme == "unix")
        {
            var socketPath = endpoint.LocalPath;
            handler.ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), ct).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
            baseUri = new Uri("http://docker/");
        }
        else
        {
            baseUri = new Uri($"http://{endpoint.Authority}/");
        }

        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromMinutes(5) };
        using var request = new HttpRequestMessage(method, new Uri(baseUri, string.Create(CultureInfo.InvariantCulture, $"v{version}{pathAndQuery}")));
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new DockerApiException(response.StatusCode, body);
        }

        return JsonDocument.Parse(body.Length == 0 ? "{}" : body);
    }
}
