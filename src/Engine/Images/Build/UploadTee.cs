namespace Portal.Engine.Images.Build;

/// <summary>
/// A read-through view of an upload that copies every byte it hands out into a spool file and
/// refuses past a limit, so the upload can be checked as it streams and still be replayed once
/// (a late <c>.dockerignore</c>, a zip whose index sits at its end).
/// </summary>
public sealed class UploadTee(Stream upload, Stream spool, long limit) : Stream
{
    private byte[] _peeked = [];
    private int _peekedOffset;

    /// <summary>Bytes read from the upload so far.</summary>
    public long Total { get; private set; }

    /// <summary>Reads up to <paramref name="count"/> bytes to tell the format apart; later reads return them again first.</summary>
    public async Task<byte[]> PeekAsync(int count, CancellationToken cancellationToken)
    {
        var head = new byte[count];
        var read = await ReadAtLeastAsync(head, count, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        _peeked = head[..read];
        _peekedOffset = 0;
        return _peeked;
    }

    /// <summary>Reads the rest of the upload into the spool, checking the limit, and flushes the spool.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        await CopyToAsync(Null, cancellationToken).ConfigureAwait(false);
        await spool.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_peekedOffset < _peeked.Length)
        {
            var n = Math.Min(buffer.Length, _peeked.Length - _peekedOffset);
            _peeked.AsMemory(_peekedOffset, n).CopyTo(buffer);
            _peekedOffset += n;
            return n;
        }

        var read = await upload.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Total += read;
        if (Total > limit)
        {
            throw LimitedCopy.TooLarge(limit);
        }

        await spool.WriteAsync(buffer[..read], cancellationToken).ConfigureAwait(false);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    // Sync reads would block a request thread on the network; every reader here is async.
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Read the upload asynchronously.");

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
