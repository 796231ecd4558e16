namespace Portal.Engine.Images.Build;

/// <summary>A sanitized build context in a temp file; deleting it on dispose keeps the disk clean whatever the build's end.</summary>
public sealed class PreparedContext(string path, long length) : IDisposable
{
    /// <summary>The tar file on disk.</summary>
    public string Path { get; } = path;

    /// <summary>Its size in bytes.</summary>
    public long Length { get; } = length;

    /// <summary>Opens the tar for the engine to read, start to end.</summary>
    public Stream OpenRead() => new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);

    public void Dispose()
    {
        try
        {
            File.Delete(Path);
        }
        catch (IOException)
        {
            // A temp file left behind is harmless; the OS temp cleaner takes it.
        }
    }
}
