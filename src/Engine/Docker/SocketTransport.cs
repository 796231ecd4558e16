using System.Net.Sockets;
using Docker.DotNet;

namespace Portal.Engine.Docker;

/// <summary>
/// An engine on Portal's host: a unix socket (or, for a configured local engine, plain TCP), through
/// Docker.DotNet's own transports as before.
/// </summary>
internal sealed class SocketTransport(string endpoint) : IEngineTransport
{
    private readonly Uri _uri = new(endpoint);

    public string Endpoint => endpoint;

    public async Task<Stream> OpenAsync(CancellationToken cancellationToken)
    {
        if (_uri.Scheme != "unix")
        {
            return new NetworkStream(await TcpConnect.ConnectAsync(_uri.Host, _uri.Port, endpoint, cancellationToken).ConfigureAwait(false), ownsSocket: true);
        }

        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(_uri.LocalPath), cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public DockerClient CreateClient(Version? apiVersion, TimeSpan timeout) =>
        new DockerClientBuilder().WithEndpoint(_uri).WithApiVersion(apiVersion).WithTimeout(timeout).Build();

    public void Dispose()
    {
        // Nothing held between connections.
    }
}
