using System.IO.Pipelines;
using Portal.Engine.Pipeline;
using Portal.Engine.Images.Build;
using Portal.Engine.Images.Jobs;

namespace Portal.Engine.Images;

/// <summary>An uploaded context streams to the engine while it arrives (see <see cref="ContextStreamer"/>).</summary>
public sealed partial class ImageBuilds
{
    /// <summary>Bytes of checked context waiting for the engine to read them; the upload waits beyond this.</summary>
    private const int PipeBytes = 1 << 20;

    /// <summary>Checked context gathered before it goes to the engine, so small tar headers and files do not each cost a request-body chunk.</summary>
    private const int BodyWriteBytes = 1 << 16;

    private async Task BuildFromUploadAsync(ImageJob job, BuildSettings settings, Stream archive, string? dockerfile,
        Func<string, CancellationToken, Task>? checkDockerfile, Action register, CancellationToken requestToken, CancellationToken ct)
    {
        var limit = options.Value.MaxBuildContextBytes;
        // The upload belongs to the request: reading it stops when either the request or the job is cancelled.
        using var uploadCts = CancellationTokenSource.CreateLinkedTokenSource(requestToken, ct);
        var spoolPath = Path.Combine(Path.GetTempPath(), $"portal-upload-{Guid.NewGuid():N}");
        try
        {
            bool forwarded;
            var spool = new FileStream(spoolPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
            await using (spool.ConfigureAwait(false))
            {
                forwarded = await TryForwardAsync(job, settings, new UploadTee(archive, spool, limit), dockerfile, checkDockerfile, limit, register, uploadCts.Token, ct).ConfigureAwait(false);
            }

            if (!forwarded)
            {
                // A zip, a .dockerignore that came after entries it excludes, or a Dockerfile that could not take the labels:
                // the stored upload is sanitized as a whole first, and the labels go by parameter.
                using var context = await BuildContextWriter.FromStoredAsync(spoolPath, dockerfile ?? "", limit, uploadCts.Token).ConfigureAwait(false);
                if (checkDockerfile is not null && await ContextDockerfile.ReadAsync(context.Path, dockerfile, uploadCts.Token).ConfigureAwait(false) is { } text)
                {
                    await checkDockerfile(text, ct).ConfigureAwait(false);
                }

                register();
                await RunBuildAsync(job, settings.Parameters(labelsInDockerfile: false), context.OpenRead(), ct).ConfigureAwait(false);
            }
        }
        finally
        {
            File.Delete(spoolPath);
        }
    }

    /// <summary>
    /// Runs the engine build reading from a pipe that the checked entries are written into. A refusal
    /// aborts the engine request, so the engine sees a broken upload and builds nothing from a partial context.
    /// </summary>
    private async Task<bool> TryForwardAsync(ImageJob job, BuildSettings settings, UploadTee upload, string? dockerfile,
        Func<string, CancellationToken, Task>? checkDockerfile, long limit, Action register, CancellationToken uploadToken, CancellationToken ct)
    {
        // Large segments: the engine request copies the pipe segment by segment, one body chunk each.
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: PipeBytes, resumeWriterThreshold: PipeBytes / 2, minimumSegmentSize: BodyWriteBytes, useSynchronizationContext: false));
        using var engineCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var forwardCts = CancellationTokenSource.CreateLinkedTokenSource(uploadToken);
        var build = RunBuildAsync(job, settings.Parameters(settings.LabelsInDockerfile), pipe.Reader.AsStream(), engineCts.Token);
        // An engine that ends before the upload is through (it refused the request) reads no more: stop forwarding into the pipe.
        _ = build.ContinueWith(_ => CancelQuietly(forwardCts), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        bool forwarded;
        try
        {
            var body = new BufferedStream(pipe.Writer.AsStream(leaveOpen: true), BodyWriteBytes);
            await using (body.ConfigureAwait(false))
            {
                forwarded = await ContextStreamer.ForwardAsync(upload, dockerfile, settings.LabelsInDockerfile ? settings.Labels : null, checkDockerfile, limit, body, forwardCts.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            await AbortAsync(pipe, engineCts, build, ex).ConfigureAwait(false);
            if (ex is OperationCanceledException && !uploadToken.IsCancellationRequested && build.IsCompleted)
            {
                // The engine ended first: its own answer is the story.
                await build.ConfigureAwait(false);
                throw OperationFailedException.Invalid("The engine stopped reading the build context before it was complete.");
            }

            throw;
        }

        if (!forwarded)
        {
            await AbortAsync(pipe, engineCts, build, null).ConfigureAwait(false);
            return false;
        }

        await pipe.Writer.CompleteAsync().ConfigureAwait(false);
        register();
        await build.ConfigureAwait(false);
        return true;
    }

    private static async Task AbortAsync(Pipe pipe, CancellationTokenSource engineCts, Task build, Exception? why)
    {
        CancelQuietly(engineCts);
        await pipe.Writer.CompleteAsync(why ?? new OperationCanceledException()).ConfigureAwait(false);
        try
        {
            await build.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException || engineCts.IsCancellationRequested)
        {
            // Aborted on purpose; the caller reports why.
        }
    }

    private static void CancelQuietly(CancellationTokenSource cts)
    {
        try
        {
            cts.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The forward already ended.
        }
    }
}
