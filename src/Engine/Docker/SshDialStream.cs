using Docker.DotNet.Handler.Abstractions;
using Renci.SshNet;

namespace Portal.Engine.Docker;

/// <summary>
/// One HTTP connection to a remote engine: the stdin and stdout of <c>docker system dial-stdio</c> on an SSH
/// exec channel. Closing the write side sends EOF (as a socket's half-close would); disposing closes the channel.
/// When the command ends before the engine said anything, the read fails with why (docker missing, no daemon).
/// </summary>
internal sealed class SshDialStream(SshCommand command, Task run, Stream input, string host, Action release) : WriteClosableStream
{
    private bool _answered;
    private int _disposed;

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override bool CanCloseWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read;
        // Closing the channel is what reliably wakes a read waiting on it.
        using (cancellationToken.CanBeCanceled ? cancellationToken.Register(Dispose) : default)
        {
            try
            {
                read = await command.OutputStream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            }
            catch (ObjectDisposedException) when (cancellationToken.IsCancellationRequested)
            {
                read = 0;
            }
        }

        // A read the caller cancelled ends as cancelled, not as the end of the stream the closed channel looks like.
        cancellationToken.ThrowIfCancellationRequested();

        if (read > 0)
        {
            _answered = true;
            return read;
        }

        if (!_answered)
        {
            // The command ended without a byte from the engine: wait briefly for its exit status and say why.
            await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(2), cancellationToken)).ConfigureAwait(false);
            string? error = null;
            if (run.IsCompleted)
            {
                error = command.Error;
            }

            throw new EngineTransportException(TransportReasons.DialStdioFailed(host, command.ExitStatus, error));
        }

        return 0;
    }

    public override void Write(byte[] buffer, int offset, int count) => input.Write(buffer, offset, count);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        input.WriteAsync(buffer, offset, count, cancellationToken);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => input.WriteAsync(buffer, cancellationToken);

    public override void Flush() => input.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => input.FlushAsync(cancellationToken);

    /// <remarks>
    /// An EOF sent on a channel the remote already closed is a protocol error to sshd, which then drops the
    /// whole session and every other channel on it: once dial-stdio has ended there is nothing to half-close.
    /// </remarks>
    public override void CloseWrite()
    {
        if (!run.IsCompleted)
        {
            input.Dispose();
        }
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            // Closing the channel ends the remote dial-stdio; its lifetime task then completes (or faults) unobserved.
            _ = run.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            command.Dispose();
            release();
        }

        base.Dispose(disposing);
    }
}
