using Docker.DotNet;
using Docker.DotNet.Handler.Abstractions;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Client;

namespace Portal.Engine.Docker;

/// <summary>
/// A transport that hands Docker.DotNet ready streams (TLS already negotiated, or an SSH channel): the
/// client's handler asks <see cref="IEngineTransport.OpenAsync"/> for each connection, so every check the
/// transport makes applies to every call, attach and exec included.
/// </summary>
internal abstract class StreamTransport : IEngineTransport
{
    /// <summary>The host Docker.DotNet puts in request lines; the stream already leads to the engine.</summary>
    private static readonly Uri s_base = new("http://docker/");

    public abstract string Endpoint { get; }

    public abstract Task<Stream> OpenAsync(CancellationToken cancellationToken);

    public DockerClient CreateClient(Version? apiVersion, TimeSpan timeout) =>
        new DockerClientBuilder().WithEndpoint(s_base).WithApiVersion(apiVersion).WithTimeout(timeout)
            .WithTransportOptions(Factory.Instance, this).Build();

    public abstract void Dispose();

    private sealed class Factory : IDockerHandlerFactory<StreamTransport>
    {
        public static readonly Factory Instance = new();

        public ResolvedTransport CreateHandler(ResolvedClientOptions clientOptions, ILogger logger) =>
            throw new NotSupportedException("A stream transport needs its transport options.");

        public ResolvedTransport CreateHandler(StreamTransport transportOptions, ResolvedClientOptions clientOptions, ILogger logger) =>
            new(new ManagedHandler(async (_, _, ct) => await transportOptions.OpenAsync(ct).ConfigureAwait(false), logger) { UseProxy = false }, s_base);

        // The managed handler's responses are the hijackable kind; the legacy factory knows how to take them over.
        public Task<WriteClosableStream> HijackStreamAsync(HttpContent content) =>
            global::Docker.DotNet.LegacyHttp.DockerHandlerFactory.Instance.HijackStreamAsync(content);
    }
}
