using System.Globalization;
using System.Runtime.CompilerServices;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Portal.Engine.Logs;

/// <summary>
/// Reads a container's log from the engine API as batches of lines. Docker.DotNet inspects the
/// container and hands back a <see cref="MultiplexedStream"/> that strips the 8-byte frame headers
/// of a non-TTY container and passes a TTY container's raw bytes through (all as stdout).
/// </summary>
public static class LogReader
{
    private const int ReadBufferBytes = 64 * 1024;
    private const int MaxBatchLines = 5_000;

    /// <summary>The engine parameters for <paramref name="query"/>; line reads always ask for timestamps (merging and de-duplication need them).</summary>
    public static ContainerLogsParameters ToParameters(LogQuery query) => new()
    {
        ShowStdout = true,
        ShowStderr = true,
        Timestamps = query.Timestamps ?? true,
        Follow = query.Follow,
        Tail = query.Tail is { } tail ? Math.Max(0, tail).ToString(CultureInfo.InvariantCulture) : "all",
        Since = query.Since is { } since ? LogTimestamps.ToEngineTime(since) : null,
        Until = query.Until is { } until ? LogTimestamps.ToEngineTime(until) : null,
    };

    /// <summary>The same parameters as the query string of <c>GET /containers/{id}/logs</c>, for a raw read.</summary>
    public static string ToQueryString(LogQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var p = ToParameters(query);
        var text = new System.Text.StringBuilder("stdout=1&stderr=1");
        text.Append("&timestamps=").Append(p.Timestamps == true ? '1' : '0');
        text.Append("&follow=").Append(p.Follow == true ? '1' : '0');
        text.Append("&tail=").Append(Uri.EscapeDataString(p.Tail ?? "all"));
        if (p.Since is { } since)
        {
            text.Append("&since=").Append(Uri.EscapeDataString(since));
        }

        if (p.Until is { } until)
        {
            text.Append("&until=").Append(Uri.EscapeDataString(until));
        }

        return text.ToString();
    }

    /// <summary>Reads <paramref name="containerId"/>'s log; with <see cref="LogQuery.Follow"/> it ends when the container stops or the token is cancelled.</summary>
    /// <exception cref="ArgumentException">A follow read without a cancellable token: it could never be stopped.</exception>
    public static async IAsyncEnumerable<IReadOnlyList<LogLine>> ReadAsync(IDockerClient client, string containerId, LogQuery query, int maxLineBytes,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (query.Follow && !cancellationToken.CanBeCanceled)
        {
            throw new ArgumentException("Following a log needs a cancellable token.", nameof(cancellationToken));
        }

        using var stream = await client.Containers.GetContainerLogsAsync(containerId, ToParameters(query), cancellationToken).ConfigureAwait(false);
        await foreach (var batch in ReadAsync(stream, maxLineBytes, cancellationToken).ConfigureAwait(false))
        {
            yield return batch;
        }
    }

    /// <summary>Splits an already opened log stream into batches of lines.</summary>
    /// <remarks>
    /// A batch is handed out as soon as the next read would wait, so a follower sees each line at
    /// once, while a backlog read in one go travels in large batches.
    /// </remarks>
    public static async IAsyncEnumerable<IReadOnlyList<LogLine>> ReadAsync(MultiplexedStream stream, int maxLineBytes,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var splitter = new LogLineSplitter(parseTimestamps: true, maxLineBytes);
        // Not pooled: a read may still be writing into it when the consumer stops early.
        var buffer = new byte[ReadBufferBytes];
        var lines = new List<LogLine>();
        while (true)
        {
            var read = stream.ReadOutputAsync(buffer, 0, ReadBufferBytes, cancellationToken);
            if ((!read.IsCompleted && lines.Count > 0) || lines.Count >= MaxBatchLines)
            {
                yield return lines;
                lines = [];
            }

            var result = await read.ConfigureAwait(false);
            if (result.EOF)
            {
                break;
            }

            splitter.Append(buffer.AsSpan(0, result.Count), result.Target == MultiplexedStream.TargetStream.StandardError ? LogStream.Stderr : LogStream.Stdout, lines);
        }

        splitter.Flush(lines);
        if (lines.Count > 0)
        {
            yield return lines;
        }
    }
}
