using Docker.DotNet;

namespace Portal.Engine.Docker;

/// <summary>How one environment's engine is reached: a byte stream to its API, and a Docker client over such streams.</summary>
internal interface IEngineTransport : IDisposable
{
    /// <summary>The endpoint as people see it (never a secret).</summary>
    string Endpoint { get; }

    /// <summary>Opens one connection to the engine's HTTP API, or fails with a reason (<see cref="EngineTransportException"/> when it can name one).</summary>
    Task<Stream> OpenAsync(CancellationToken cancellationToken);

    /// <summary>A Docker client whose every connection this transport opens.</summary>
    DockerClient CreateClient(Version? apiVersion, TimeSpan timeout);
}
