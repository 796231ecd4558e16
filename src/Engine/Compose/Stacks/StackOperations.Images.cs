using Portal.Engine.Compose.Execution;
using Portal.Engine.Compose.Model;
using Portal.Engine.Images.Jobs;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Compose.Stacks;

public sealed partial class StackOperations
{
    /// <summary>Like <c>docker compose pull</c>: pulls every service's image (services with <c>pull_policy: build</c> or no <c>image</c> are skipped), each through the image pull operation.</summary>
    public Task<StackActionResult> PullAsync(Actor actor, string name, IProgress<ComposeEvent> progress, CancellationToken cancellationToken) =>
        runner.RunAsync(actor, "stack.pull", name, async (ctx, ct) =>
        {
            var (project, stack, _, _) = await LoadStackAsync(actor, name, operate: true, ct).ConfigureAwait(false);
            ctx.Team = stack.Team;
            var pulls = project.Services.Where(s => s.Image is not null && ComposePullPolicies.Of(s) != ComposePullPolicy.Build)
                .GroupBy(s => s.Image!, StringComparer.Ordinal).ToList();
            await Task.WhenAll(pulls.Select(g => PullImageAsync(actor, stack.Team, g.Key, g.First().Name, progress, ct))).ConfigureAwait(false);
            var report = string.Join('\n', pulls.Select(g => $"  {string.Join(", ", g.Select(s => s.Name))}: pulled {g.Key}"));
            ctx.Detail = report;
            progress.Report(new ComposeEvent(time.GetUtcNow().UtcDateTime, "project", null, "done", report));
            return new StackActionResult(name, "pull", null, report);
        }, cancellationToken);

    /// <summary>
    /// The images <c>up</c> must fetch, as each service's <c>pull_policy</c> says: <c>always</c> pulls,
    /// <c>missing</c> (the default) pulls what the engine lacks, <c>never</c> refuses a missing image, <c>build</c>
    /// builds; a service with <c>build:</c> whose image is missing is built from the stack's files. Fetches nothing.
    /// </summary>
    private static ImageNeeds ImagesToAcquire(ComposeProject project, IReadOnlyDictionary<string, string> present)
    {
        var problems = new List<string>();
        var pulls = new Dictionary<string, string>(StringComparer.Ordinal);
        var builds = new List<ComposeService>();
        foreach (var service in project.Services)
        {
            var image = ComposeSpecs.ImageOf(project.Name, service);
            var policy = ComposePullPolicies.Of(service);
            var missing = !present.ContainsKey(image);
            if (service.Build is not null && (policy == ComposePullPolicy.Build || (missing && policy != ComposePullPolicy.Always)))
            {
                builds.Add(service);
            }
            else if (policy == ComposePullPolicy.Build)
            {
                problems.Add($"Service '{service.Name}' has pull_policy build but no build section.");
            }
            else if (policy == ComposePullPolicy.Never && missing)
            {
                problems.Add($"Image '{image}' (service '{service.Name}') is not on this engine and its pull_policy is never; pull it first.");
            }
            else if (policy == ComposePullPolicy.Always || missing)
            {
                pulls.TryAdd(image, service.Name);
            }
        }

        if (problems.Count > 0)
        {
            throw OperationFailedException.Invalid(string.Join(' ', problems) + " Nothing was deployed.");
        }

        return new ImageNeeds(pulls, builds);
    }

    /// <summary>
    /// After pulls and builds, each service's image id looked up again as admission does; an image still missing
    /// (or one the actor may not use, such as a pull that brought another team's private image) refuses the
    /// deploy before anything is created, so no later step can reach it by its reference.
    /// </summary>
    private async Task<Dictionary<string, string>> UsableImageIdsAsync(Actor actor, ComposeProject project, CancellationToken ct)
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var service in project.Services)
        {
            var image = ComposeSpecs.ImageOf(project.Name, service);
            if (ids.ContainsKey(image))
            {
                continue;
            }

            if (await admission.ImageIdAsync(actor, image, ct).ConfigureAwait(false) is { } id)
            {
                ids[image] = id;
            }
            else
            {
                problems.Add($"Image '{image}' (service '{service.Name}') is not on this engine; pull it first.");
            }
        }

        return problems.Count == 0 ? ids : throw OperationFailedException.Invalid(string.Join(' ', problems) + " Nothing was deployed.");
    }

    /// <summary>Pulls and builds <paramref name="needs"/> in parallel, each through the image operations (admission, audit).</summary>
    private async Task AcquireImagesAsync(Actor actor, ComposeProject project, ComposeRunContext context, ImageNeeds needs, IProgress<ComposeEvent> progress, CancellationToken ct)
    {
        var files = context.Files as StackFileSource;
        await Task.WhenAll(needs.Pulls.Select(p => PullImageAsync(actor, context.Team, p.Key, p.Value, progress, ct))
            .Concat(needs.Builds.Select(s => BuildServiceAsync(actor, context.Team, project, s, files, progress, ct)))).ConfigureAwait(false);
    }

    /// <summary>Images to pull (reference → the first service that uses it) and services to build.</summary>
    private sealed record ImageNeeds(IReadOnlyDictionary<string, string> Pulls, IReadOnlyList<ComposeService> Builds)
    {
        public static ImageNeeds None { get; } = new(new Dictionary<string, string>(), []);

        public bool IsEmpty => Pulls.Count == 0 && Builds.Count == 0;
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
}
