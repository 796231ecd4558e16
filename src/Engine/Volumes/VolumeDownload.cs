namespace Portal.Engine.Volumes;

/// <summary>
/// One file, or a folder as a tar archive, read from a volume. The content sits in a temporary
/// file that is deleted when <see cref="Content"/> is disposed, so the helper container is gone
/// before the caller starts sending bytes.
/// </summary>
public sealed class VolumeDownload(string fileName, string contentType, Stream content) : IAsyncDisposable, IDisposable
{
    public string FileName { get; } = fileName;

    public string ContentType { get; } = contentType;

    public Stream Content { get; } = content;

    public void Dispose() => Content.Dispose();

    public ValueTask DisposeAsync() => Content.DisposeAsync();
}
