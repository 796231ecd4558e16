using System.Text.Json;
using System.Threading.Channels;
using Docker.DotNet.Models;
using Portal.Engine.Images.Jobs;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Images;

/// <summary>The engine's build output, read line by line into the job.</summary>
public sealed partial class ImageBuilds
{
    /// <summary>Build messages read from the engine but not yet in the job; the engine read waits beyond this.</summary>
    public const int LogChannelCapacity = 1_024;

    /// <summary>Messages folded into the job at once, so a burst costs one snapshot rather than one per line.</summary>
    private const int MaxBatch = 256;

    /// <summary>Sends <paramref name="context"/> to the engine and folds its output into the job; disposes the context.</summary>
    /// <remarks>
    /// Every log line is kept: the output is read here (not through an <see cref="IProgress{T}"/>,
    /// whose synchronous callback cannot wait) into a bounded channel whose full state makes this
    /// read wait, which in turn makes the engine wait on its socket. Skipping lines instead could
    /// lose the error or the "Successfully built" line the job's outcome depends on.
    /// </remarks>
    private async Task RunBuildAsync(ImageJob job, ImageBuildParameters parameters, Stream context, CancellationToken ct)
    {
        var channel = Channel.CreateBounded<JSONMessage>(new BoundedChannelOptions(LogChannelCapacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        var consumer = Task.Run(() => ApplyInBatchesAsync(channel.Reader, job.ApplyBuild), CancellationToken.None);
        try
        {
            await using (context.ConfigureAwait(false))
            {
                // Obsolete only because it returns before the build ends; reading its output to the end below is the wait.
#pragma warning disable CS0618
                var output = await engines.Current.Client.Images.BuildImageFromDockerfileAsync(context, parameters, ct).ConfigureAwait(false);
#pragma warning restore CS0618
                await using (output.ConfigureAwait(false))
                {
                    await ReadMessagesAsync(output, channel.Writer, ct).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            channel.Writer.TryComplete();
            await consumer.ConfigureAwait(false);
        }

        if (job.StreamError is { } error)
        {
            var step = job.Job.Snapshot.FailedStep;
            throw new OperationFailedException(OperationOutcome.Invalid, step is null ? $"The build failed: {error}" : $"The build failed at {step}: {error}");
        }
    }

    /// <summary>Reads the engine's JSON lines into <paramref name="writer"/>, waiting whenever it is full.</summary>
    internal static async Task ReadMessagesAsync(Stream output, ChannelWriter<JSONMessage> writer, CancellationToken ct)
    {
        using var lines = new StreamReader(output, leaveOpen: true);
        while (await lines.ReadLineAsync(ct).ConfigureAwait(false) is { } line)
        {
            if (ParseMessage(line) is { } message)
            {
                await writer.WriteAsync(message, ct).ConfigureAwait(false);
            }
        }
    }

    /// <summary>One line of build output: <c>stream</c> text, or an error (<c>errorDetail.message</c>, else <c>error</c>); null when neither.</summary>
    internal static JSONMessage? ParseMessage(string line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return null;
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(line);
        }
        catch (JsonException)
        {
            // Not one of the engine's JSON messages: kept as plain output rather than failing the build with a parser's words.
            return new JSONMessage { Stream = line + "\n" };
        }

        using var _ = doc;
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var stream = Text(root, "stream");
        var error = root.TryGetProperty("errorDetail", out var detail) && detail.ValueKind == JsonValueKind.Object ? Text(detail, "message") : null;
        error ??= Text(root, "error");
        return stream is null && error is null
            ? null
            : new JSONMessage { Stream = stream, Error = error is null ? null : new JSONError { Message = error } };
    }

    /// <summary>Folds whatever the channel holds into the job in batches of at most <see cref="MaxBatch"/>, until it completes.</summary>
    internal static async Task ApplyInBatchesAsync(ChannelReader<JSONMessage> reader, Action<IReadOnlyList<JSONMessage>> apply)
    {
        var batch = new List<JSONMessage>(MaxBatch);
        while (await reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
        {
            while (batch.Count < MaxBatch && reader.TryRead(out var message))
            {
                batch.Add(message);
            }

            apply(batch);
            batch.Clear();
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
