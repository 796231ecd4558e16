using Docker.DotNet;

namespace Portal.Engine.Logs;

/// <summary>
/// An opened log read: access was checked and the engine answered, so a web endpoint can send its
/// headers before the first line (which may take a while when following). Dispose to close it.
/// </summary>
public sealed class LogReadSession : IDisposable
{
    private readonly MultiplexedStream _stream;
    private readonly int _maxLineBytes;
    private readonly Func<IAsyncEnumerable<IReadOnlyList<LogLine>>, IAsyncEnumerable<IReadOnlyList<LogLine>>> _translate;

    internal LogReadSession(string containerName, MultiplexedStream stream, int maxLineBytes,
        Func<IAsyncEnumerable<IReadOnlyList<LogLine>>, IAsyncEnumerable<IReadOnlyList<LogLine>>> translate)
    {
        ContainerName = containerName;
        _stream = stream;
        _maxLineBytes = maxLineBytes;
        _translate = translate;
    }

    /// <summary>The container's name, for a download's file name.</summary>
    public string ContainerName { get; }

    /// <summary>The lines in batches; read once.</summary>
    public IAsyncEnumerable<IReadOnlyList<LogLine>> ReadAllAsync(CancellationToken cancellationToken) =>
        _translate(LogReader.ReadAsync(_stream, _maxLineBytes, cancellationToken));

    public void Dispose() => _stream.Dispose();
}
