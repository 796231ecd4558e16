using System.Text;
using Portal.Engine.Compose.Execution;
using Portal.Engine.Compose.Model;
using Portal.Engine.Images;
using Portal.Engine.Images.Build;
using Portal.Engine.Images.Jobs;
using Portal.Engine.Pipeline;
using Portal.Engine.Runner;

namespace Portal.Engine.Compose.Stacks;

/// <summary>A stack's images: <c>pull</c> and <c>build</c>, and the pulls and builds an <c>up</c> needs, each through the image operations (admission, audit).</summary>
public sealed class StackImages(StackAccess access, OperationRunner runner, IImageTransfers transfers, IImageBuilds imageBuilds, TimeProvider time)
{
    /// <summary>Like <c>docker compose pull</c>: pulls every service's image (services with <c>pull_policy: build</c> or no <c>image</c> are skipped), each through the image pull operation.</summary>
    public Task<StackActionResult> PullAsync(Actor actor, string name, IProgress<ComposeEvent> progress, CancellationToken cancellationToken) =>
        RunOnStackAsync(actor, "stack.pull", name, async (ctx, project, stack, _, ct) =>
        {
            var pulls = project.Services.Where(s => s.Image is not null && ComposePullPolicies.Of(s) != ComposePullPolicy.Build)
                .GroupBy(s => s.Image!, StringComparer.Ordinal).ToList();
            await Task.WhenAll(pulls.Select(g => PullImageAsync(actor, stack.Team, g.Key, g.First().Name, progress, ct))).ConfigureAwait(false);
            var report = string.Join('\n', pulls.Select(g => $"  {string.Join(", ", g.Select(s => s.Name))}: pulled {g.Key}"));
            ctx.Detail = report;
            progress.Report(new ComposeEvent(time.GetUtcNow().UtcDateTime, "project", null, "done", report));
            return new StackActionResult(name, "pull", null, report);
        }, cancellationToken);

    /// <summary>Pulls and builds <paramref name="needs"/> in parallel, each through the image operations (admission, audit).</summary>
    internal async Task AcquireImagesAsync(Actor actor, ComposeProject project, ComposeRunContext context, ImageNeeds needs, IProgress<ComposeEvent> progress, CancellationToken ct)
    {
        var files = context.Files as StackFileSource;
        await Task.WhenAll(needs.Pulls.Select(p => PullImageAsync(actor, context.Team, p.Key, p.Value, progress, ct))
            .Concat(needs.Builds.Select(s => BuildServiceAsync(actor, context.Team, project, s, files, progress, ct)))).ConfigureAwait(false);
    }

    /// <summary>One pull through the image pull operation (its admission, registry login and audit), its progress reported for <paramref name="service"/>.</summary>
    private async Task PullImageAsync(Actor actor, string? team, string image, string service, IProgress<ComposeEvent> progress, CancellationToken ct)
    {
        ImageJobSnapshot last;
        try
        {
            last = await transfers.PullAsync(actor, image, team, ct).ConfigureAwait(false);
        }
        catch (OperationFailedException ex)
        {
            throw new OperationFailedException(ex.Outcome, $"Service '{service}': pulling '{image}' is refused, so nothing was deployed: {ex.Message}", ex) { Rule = ex.Rule };
        }

        using var stop = CancelWith(actor, last.Id, ct);
        progress.Report(new ComposeEvent(time.GetUtcNow().UtcDateTime, $"image:{image}", service, "pulling", $"pulling {image}"));
        string? lastStatus = null;
        await foreach (var snapshot in transfers.WatchAsync(actor, last.Id, ct).ConfigureAwait(false))
        {
            last = snapshot;
            if (snapshot.Status is { } status && status != lastStatus && !snapshot.Finished)
            {
                lastStatus = status;
                progress.Report(new ComposeEvent(time.GetUtcNow().UtcDateTime, $"image:{image}", service, "pulling", status));
            }
        }

        if (last.State != ImageJobState.Succeeded)
        {
            throw new OperationFailedException(OperationOutcome.EngineError, $"Service '{service}': pulling '{image}' failed: {last.Error ?? last.State.ToString()}. Nothing was deployed.");
        }

        progress.Report(new ComposeEvent(time.GetUtcNow().UtcDateTime, $"image:{image}", service, "pulled", $"pulled {image}"));
    }

    /// <summary>
    /// Cancelling the stack job stops the image job it started (a pull or build is a job of its own, cancelled only
    /// through the job system), not only the stack's wait on it.
    /// </summary>
    private CancellationTokenRegistration CancelWith(Actor actor, string imageJob, CancellationToken ct) => ct.Register(() =>
    {
        try
        {
            transfers.Cancel(actor, imageJob);
        }
        catch (OperationFailedException)
        {
            // Already gone from the registry: nothing left to stop.
        }
    });

    /// <summary>Like <c>docker compose build</c>: builds every service with a <c>build</c> section from the stack's files, each through the image build operation.</summary>
    public Task<StackActionResult> BuildAsync(Actor actor, string name, IProgress<ComposeEvent> progress, CancellationToken cancellationToken) =>
        RunOnStackAsync(actor, "stack.build", name, async (ctx, project, stack, files, ct) =>
        {
            var services = project.Services.Where(s => s.Build is not null).ToList();
            if (services.Count == 0)
            {
                throw OperationFailedException.Invalid($"No service of stack '{name}' has a build section.");
            }

            await Task.WhenAll(services.Select(s => BuildServiceAsync(actor, stack.Team, project, s, files, progress, ct))).ConfigureAwait(false);
            var report = string.Join('\n', services.Select(s => $"  {s.Name}: built {ComposeSpecs.ImageOf(project.Name, s)}"));
            ctx.Detail = report;
            progress.Report(new ComposeEvent(time.GetUtcNow().UtcDateTime, "project", null, "done", report));
            return new StackActionResult(name, "build", null, report);
        }, cancellationToken);

    /// <summary>
    /// Builds one service's image, tagged as compose names it, through the image build operation (its team and
    /// option checks, audit). The context is the stack's stored files under <c>build.context</c>; the Dockerfile
    /// is the one among them that <c>build.dockerfile</c> names.
    /// </summary>
    private async Task BuildServiceAsync(Actor actor, string? team, ComposeProject project, ComposeService service, StackFileSource? files, IProgress<ComposeEvent> progress, CancellationToken ct)
    {
        var build = service.Build!;
        var image = ComposeSpecs.ImageOf(project.Name, service);
        var context = ContextPath(build.Context);
        var prefix = context.Length == 0 ? "" : context + "/";
        var dockerfilePath = prefix + (build.Dockerfile ?? "Dockerfile");
        var stored = files?.Files ?? [];
        var dockerfile = build.DockerfileInline is { } inline ? new Loading.ComposeFile(dockerfilePath, inline)
            : stored.FirstOrDefault(f => f.Name == dockerfilePath)
            ?? throw OperationFailedException.Invalid(
                $"Service '{service.Name}' builds from '{dockerfilePath}', which is not among the stack's files; save it with the stack (its build context is the stack's files under '{(context.Length == 0 ? "." : context)}'). Nothing was deployed.");
        var request = new ImageBuildRequest
        {
            Tags = [image, .. build.Tags],
            BuildArgs = build.Args.Where(a => a.Value is not null).ToDictionary(a => a.Key, a => a.Value!, StringComparer.Ordinal),
            Target = build.Target,
            Labels = build.Labels,
            NetworkMode = build.Network,
            CacheFrom = build.CacheFrom,
            ExtraHosts = build.ExtraHosts,
            ShmSize = build.ShmSize,
            NoCache = build.NoCache,
            Pull = build.Pull,
            Team = team,
            DockerfileText = StackFiles.IsBinary(dockerfile) ? Encoding.UTF8.GetString(StackFiles.Bytes(dockerfile)) : dockerfile.Content,
            Files = [.. stored.Where(f => f != dockerfile && f.Name.StartsWith(prefix, StringComparison.Ordinal))
                .Select(f => new BuildFile(f.Name[prefix.Length..], () => new MemoryStream(StackFiles.Bytes(f))))],
        };

        ImageJobSnapshot last;
        try
        {
            last = await imageBuilds.BuildAsync(actor, request, null, ct).ConfigureAwait(false);
        }
        catch (OperationFailedException ex)
        {
            throw new OperationFailedException(ex.Outcome, $"Service '{service.Name}': building '{image}' is refused, so nothing was deployed: {ex.Message}", ex) { Rule = ex.Rule };
        }

        using var stop = CancelWith(actor, last.Id, ct);
        progress.Report(new ComposeEvent(time.GetUtcNow().UtcDateTime, $"build:{service.Name}", service.Name, "building", $"building {image}"));
        string? lastLine = null;
        await foreach (var snapshot in transfers.WatchAsync(actor, last.Id, ct).ConfigureAwait(false))
        {
            last = snapshot;
            var line = snapshot.Log is { Count: > 0 } log ? log[^1] : snapshot.Status;
            if (line is not null && line != lastLine && !snapshot.Finished)
            {
                lastLine = line;
                progress.Report(new ComposeEvent(time.GetUtcNow().UtcDateTime, $"build:{service.Name}", service.Name, "building", line));
            }
        }

        if (last.State != ImageJobState.Succeeded)
        {
            throw new OperationFailedException(OperationOutcome.Invalid,
                $"Service '{service.Name}': building '{image}' failed{(last.FailedStep is { } step ? $" at '{step}'" : "")}: {last.Error ?? last.State.ToString()}. Nothing was deployed.");
        }

        progress.Report(new ComposeEvent(time.GetUtcNow().UtcDateTime, $"build:{service.Name}", service.Name, "built", $"built {image}"));
    }

    /// <summary>The build context as a path among the stack's files: "" for the project folder, else without a leading <c>./</c>.</summary>
    private static string ContextPath(string? context)
    {
        var path = (context ?? ".").Replace('\\', '/').Trim();
        while (path.StartsWith("./", StringComparison.Ordinal))
        {
            path = path[2..];
        }

        path = path.TrimEnd('/');
        if (path is "." or "")
        {
            return "";
        }

        return path.StartsWith('/') || path.StartsWith("..", StringComparison.Ordinal) || path.Contains("://", StringComparison.Ordinal)
            ? throw OperationFailedException.Invalid($"Build context '{context}' is not among the stack's files; Portal builds from the stack's own files only.")
            : path;
    }

    /// <summary>
    /// A declared operation on a saved stack (pull, build): access loads it for operating; the engine step's own image
    /// jobs are declared operations of their own, each admitted (allowed images, build network) and audited.
    /// </summary>
    private Task<StackActionResult> RunOnStackAsync(Actor actor, string action, string name,
        Func<OperationContext, ComposeProject, Portal.Data.Entities.Stack, StackFileSource, CancellationToken, Task<StackActionResult>> body, CancellationToken cancellationToken)
    {
        (ComposeProject Project, Portal.Data.Entities.Stack Stack, StackFileSource Files)? loaded = null;
        var declaration = new OperationDeclaration(action, TargetKind.Stack, name)
        {
            Access = async (who, ct) =>
            {
                var (project, stack, files, _) = await access.LoadStackAsync(who, name, operate: true, ct).ConfigureAwait(false);
                loaded = (project, stack, files);
                return new OperationTarget(name, stack.Team);
            },
        };
        return runner.RunAsync(actor, declaration, (op, ct) => body(op.Context, loaded!.Value.Project, loaded.Value.Stack, loaded.Value.Files, ct), cancellationToken);
    }
}
