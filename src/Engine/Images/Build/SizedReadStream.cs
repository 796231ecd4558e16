namespace Portal.Engine.Images.Build;

/// <summary>
/// An entry's data read straight from the upload, presented with its known size. <c>TarWriter</c>
/// refuses an unseekable data stream when its own target (the engine's request body) cannot seek
/// either; the size from the entry's header is all it needs, and it reads the data front to back.
/// </summary>
public sealed class SizedReadStream(Stream inner, long length) : Stream
{
    private long _position;

    public override bool CanRead => true;

    // Claimed so TarWriter takes the size from Length; only "seeks" to where the stream already is are honoured.
    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer[..(int)Math.Min(buffer.Length, length - _position)], cancellationToken).ConfigureAwait(false);
        _position += read;
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Read the upload asynchronously.");

    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => length + offset,
        };
        return target == _position ? _position : throw new NotSupportedException("The upload is read front to back.");
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
