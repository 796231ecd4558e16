using System.Globalization;
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
        using var http = CreateClient(TimeSpan.FromMinutes(5), out var baseUri);
        using var request = new HttpRequestMessage(method, new Uri(baseUri, VersionedPath(pathAndQuery)));
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new DockerApiException(response.StatusCode, body);
        }

        return JsonDocument.Parse(body.Length == 0 ? "{}" : body);
    }

    /// <summary>
    /// Sends <c>GET</c> to <paramref name="pathAndQuery"/> and returns the answer's body as a stream once the
    /// headers arrived (for long or endless answers such as a log); disposing it closes the connection.
    /// </summary>
    /// <exception cref="DockerApiException">The engine answered with an error status.</exception>
    public async Task<Stream> OpenStreamAsync(string pathAndQuery, CancellationToken cancellationToken)
    {
        // A long log download must not be cut by a client timeout; the caller's token ends it.
        var http = CreateClient(Timeout.InfiniteTimeSpan, out var baseUri);
        HttpResponseMessage? response = null;
        try
        {
            response = await http.GetAsync(new Uri(baseUri, VersionedPath(pathAndQuery)), HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new DockerApiException(response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
            }

            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            return new OwningStream(body, response, http);
        }
        catch
        {
            response?.Dispose();
            http.Dispose();
            throw;
        }
    }

    private string VersionedPath(string pathAndQuery) =>
        string.Create(CultureInfo.InvariantCulture, $"v{engines.Current.Connection.Status.ApiVersion ?? EngineConnection.ClientMaxApiVersion.ToString()}{pathAndQuery}");

    private HttpClient CreateClient(TimeSpan timeout, out Uri baseUri)
    {
        var connection = engines.Current.Connection;
        _ = connection.Client; // throws the usual "engine not available" failure first
        // The environment's transport opens each connection: a unix socket, TLS already negotiated, or an SSH channel.
        var handler = new SocketsHttpHandler { ConnectCallback = async (_, ct) => await connection.Transport.OpenAsync(ct).ConfigureAwait(false) };
        baseUri = new Uri("http://docker/");
        return new HttpClient(handler, disposeHandler: true) { Timeout = timeout };
    }

    /// <summary>A response body that disposes its response and client with it.</summary>
    private sealed class OwningStream(Stream inner, IDisposable response, IDisposable client) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.ReadAsync(buffer, offset, count, cancellationToken);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
                response.Dispose();
                client.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
