using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;
using Portal.Engine.Access;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Exec;

/// <summary>
/// One interactive TTY exec: bytes in, UTF-8 text out, resize, and one end record.
/// </summary>
/// <remarks>
/// The owner (a hub connection, a test) reads <see cref="ReadOutputAsync"/> once and disposes the
/// session; disposing closes the hijacked stream, which ends the shell (its stdin closes). Output is
/// never buffered here beyond one read: an unread session holds the process back, not memory.
/// </remarks>
public sealed class ExecSession : IAsyncDisposable
{
    private const int ReadBufferBytes = 16 * 1024;

    private readonly IDockerClient _client;
    private readonly MultiplexedStream _stream;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Func<ExecSessionRecord, Task> _onEnded;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly TaskCompletionSource<ExecSessionEnd> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _reading;
    private int _ending;

    internal ExecSession(IDockerClient client, MultiplexedStream stream, string execId, ResolvedContainer container, string command,
        TimeProvider time, ILogger logger, Func<ExecSessionRecord, Task> onEnded)
    {
        _client = client;
        _stream = stream;
        _time = time;
        _logger = logger;
        _onEnded = onEnded;
        ExecId = execId;
        ContainerId = container.Id;
        ContainerName = container.Name;
        Command = command;
        Started = time.GetUtcNow();
        Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
    }

    /// <summary>Portal's id of the session (unguessable; the engine's exec id stays inside).</summary>
    public string Id { get; }

    public string ExecId { get; }

    public string ContainerId { get; }

    public string ContainerName { get; }

    /// <summary>The command line as audited.</summary>
    public string Command { get; }

    public DateTimeOffset Started { get; }

    /// <summary>Completes once the session ended, by the process exiting or by disposal.</summary>
    public Task<ExecSessionEnd> Completion => _completion.Task;

    /// <summary>The terminal's output as text, chunk by chunk as the engine sends it, until the process ends.</summary>
    /// <remarks>May be enumerated once, and not together with <see cref="ReadOutputBytesAsync"/>. Cancelling stops reading but leaves the session open.</remarks>
    public async IAsyncEnumerable<string> ReadOutputAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!TryClaimOutput())
        {
            throw new InvalidOperationException("The session's output is already being read.");
        }

        // A stateful decoder carries a character split across two reads instead of mangling it.
        var decoder = Encoding.UTF8.GetDecoder();
        var bytes = new byte[ReadBufferBytes];
        var chars = new char[Encoding.UTF8.GetMaxCharCount(ReadBufferBytes)];
        while (true)
        {
            var count = await ReadOutputBytesAsync(bytes, cancellationToken).ConfigureAwait(false);
            if (count == 0)
            {
                yield break;
            }

            var n = decoder.GetChars(bytes, 0, count, chars, 0, flush: false);
            if (n > 0)
            {
                yield return new string(chars, 0, n);
            }
        }
    }

    /// <summary>
    /// Makes the caller the session's one output reader (of text or of bytes); false when someone already is.
    /// </summary>
    public bool TryClaimOutput() => Interlocked.Exchange(ref _reading, 1) == 0;

    /// <summary>Whether someone already reads the output (a terminal socket, or an earlier <see cref="ReadOutputAsync"/>).</summary>
    public bool OutputClaimed => Volatile.Read(ref _reading) != 0;

    /// <summary>
    /// Reads the next chunk of raw terminal output into <paramref name="buffer"/>, as the engine sent it
    /// (no decoding: a UTF-8 character may be split across two chunks). Returns 0 once the process
    /// ended; <see cref="Completion"/> is then set. Only the claimant (<see cref="TryClaimOutput"/>) may call it.
    /// </summary>
    public async Task<int> ReadOutputBytesAsync(byte[] buffer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        int count;
        try
        {
            var read = await _stream.ReadOutputAsync(buffer, 0, buffer.Length, cancellationToken).ConfigureAwait(false);
            count = read.EOF ? 0 : read.Count;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // Disposed under us (closed by its owner) or the engine dropped the connection.
            count = 0;
        }

        if (count == 0)
        {
            await EndAsync(processEnded: true).ConfigureAwait(false);
        }

        return count;
    }

    /// <summary>Sends keystrokes (or pasted text) to the process.</summary>
    public Task WriteInputAsync(string text, int maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        return WriteInputAsync(Encoding.UTF8.GetBytes(text), maxBytes, cancellationToken);
    }

    /// <summary>Sends raw input bytes (keystrokes as the terminal encoded them) to the process.</summary>
    public async Task WriteInputAsync(ReadOnlyMemory<byte> bytes, int maxBytes, CancellationToken cancellationToken)
    {
        if (bytes.Length > maxBytes)
        {
            throw OperationFailedException.Invalid($"Input of {bytes.Length} bytes is larger than the {maxBytes} bytes one message may carry.");
        }

        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Completion.IsCompleted)
            {
                throw OperationFailedException.Conflict("The session has ended.");
            }

            // MultiplexedStream writes arrays only; a keystroke's array is small and short-lived.
            var array = System.Runtime.InteropServices.MemoryMarshal.TryGetArray(bytes, out var segment) ? segment : new ArraySegment<byte>(bytes.ToArray());
            await _stream.WriteAsync(array.Array!, array.Offset, array.Count, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Resizes the TTY; ignored once the session ended.</summary>
    public async Task ResizeAsync(TerminalSize size, CancellationToken cancellationToken)
    {
        if (Completion.IsCompleted)
        {
            return;
        }

        try
        {
            await _client.Exec.ResizeExecTtyAsync(ExecId, new ContainerResizeParameters { Width = size.Columns, Height = size.Rows }, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerApiException) when (Completion.IsCompleted || _ending != 0)
        {
            // The process ended between the check and the call: nothing left to resize.
        }
        catch (DockerApiException)
        {
            // The process ended before its end reached us (a short command): the engine refuses to resize a stopped
            // process, which is not the viewer's error.
            if (await IsRunningAsync(cancellationToken).ConfigureAwait(false))
            {
                throw;
            }
        }
    }

    private async Task<bool> IsRunningAsync(CancellationToken cancellationToken)
    {
        try
        {
            return (await _client.Exec.InspectContainerExecAsync(ExecId, cancellationToken).ConfigureAwait(false)).Running;
        }
        catch (DockerApiException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stream.Dispose();
        await EndAsync(processEnded: false).ConfigureAwait(false);
        _writeGate.Dispose();
    }

    private async Task EndAsync(bool processEnded)
    {
        if (Interlocked.Exchange(ref _ending, 1) != 0)
        {
            return;
        }

        var end = processEnded ? await DescribeEndAsync().ConfigureAwait(false) : new ExecSessionEnd(null, "Session closed.", false);
        try
        {
            await _onEnded(new ExecSessionRecord(Started, _time.GetUtcNow(), end)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            ExecLog.EndFailed(_logger, ex, ContainerName);
        }

        _completion.TrySetResult(end);
    }

    private async Task<ExecSessionEnd> DescribeEndAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            // The stream can close a moment before the engine records the exit code.
            ContainerExecInspectResponse exec;
            var attempts = 0;
            do
            {
                exec = await _client.Exec.InspectContainerExecAsync(ExecId, timeout.Token).ConfigureAwait(false);
            }
            while (exec.Running && ++attempts < 20 && await Pause(timeout.Token).ConfigureAwait(false));

            var stopped = await ContainerStoppedAsync(exec.ExitCode, timeout.Token).ConfigureAwait(false);
            var message = stopped
                ? $"The container stopped; the process ended with code {exec.ExitCode}."
                : $"Process exited with code {exec.ExitCode}.";
            return new ExecSessionEnd(exec.ExitCode, message, stopped);
        }
        catch (Exception ex) when (ex is DockerApiException or HttpRequestException or IOException or OperationCanceledException)
        {
            // The container may be gone altogether (removed with force).
            return new ExecSessionEnd(null, "The session ended; the container is no longer running.", true);
        }
    }

    /// <summary>
    /// Whether the container stopped. A stop kills the exec'd process a moment before the engine
    /// marks the container exited, so after a death by signal (code ≥ 128) look again briefly.
    /// </summary>
    private async Task<bool> ContainerStoppedAsync(long? exitCode, CancellationToken cancellationToken)
    {
        var attempts = exitCode >= 128 ? 20 : 1;
        for (var i = 0; i < attempts; i++)
        {
            var container = await _client.Containers.InspectContainerAsync(ContainerId, cancellationToken).ConfigureAwait(false);
            if (container.State is { Running: false })
            {
                return true;
            }

            if (i + 1 < attempts)
            {
                await Pause(cancellationToken).ConfigureAwait(false);
            }
        }

        return false;
    }

    private async Task<bool> Pause(CancellationToken cancellationToken)
    {
        await Task.Delay(TimeSpan.FromMilliseconds(50), _time, cancellationToken).ConfigureAwait(false);
        return true;
    }
}
