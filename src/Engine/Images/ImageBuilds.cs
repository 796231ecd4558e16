using Docker.DotNet.Models;
using Microsoft.Extensions.Options;
using Portal.Data.Stores;
using Portal.Engine.Access;
using Portal.Engine.Admission;
using Portal.Engine.Configuration;
using Portal.Engine.Docker;
using Portal.Engine.Events;
using Portal.Engine.Images.Build;
using Portal.Engine.Images.Jobs;
using Portal.Engine.Jobs;
using Portal.Engine.Pipeline;
using Portal.Engine.Runner;
using Actor = Portal.Engine.Pipeline.Actor;

namespace Portal.Engine.Images;

/// <summary>
/// Build as a background job, a declared operation: the owning team and admission of its network (the runner's steps), options checks → context checked and
/// sanitized while it streams to the engine (the request stays open until it has all gone) →
/// engine build with the log streamed into the job → audit as <c>image.build</c> when it ends.
/// </summary>
public sealed partial class ImageBuilds(OperationRunner runner, Engines engines, JobRegistry jobs, TeamStore teams,
    ImageCatalogSync imageCatalog, ImageAccess access, IOptions<EngineOptions> options) : IImageBuilds
{
    public async Task<ImageJobSnapshot> BuildAsync(Actor actor, ImageBuildRequest request, Stream? archive, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var tags = request.Tags.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t.Trim()).ToList();
        var job = new ImageJob(jobs.Create(JobKinds.Build, tags.FirstOrDefault() ?? "(untagged)", actor));
        var registered = false;
        var declaration = new OperationDeclaration("image.build", TargetKind.Image, job.Reference)
        {
            Access = OwningTeam.ForNew(teams, request.Team, "image", job.Reference),
            Admit = OperationDeclaration.One(_ => new ImageBuildAdmission(string.IsNullOrWhiteSpace(request.NetworkMode) ? null : request.NetworkMode.Trim())),
        };
        await jobs.StartCheckedAsync(job.Job, (register, token) => runner.RunAsync(actor, declaration, async (op, ct) =>
        {
            var ctx = op.Context;
            var team = op.Team;
            job.Team = team;
            var settings = await CheckAsync(actor, request, team, ct).ConfigureAwait(false);
            var checkDockerfile = DockerfileCheck(actor, request);
            void Register()
            {
                registered = true;
                register();
            }

            try
            {
                if (archive is not null)
                {
                    await BuildFromUploadAsync(job, settings, archive, request.Dockerfile, checkDockerfile, Register, cancellationToken, ct).ConfigureAwait(false);
                }
                else
                {
                    if (checkDockerfile is not null && request.DockerfileText is { } typedText)
                    {
                        await checkDockerfile(typedText, ct).ConfigureAwait(false);
                    }

                    var labelled = settings.LabelsInDockerfile && request.DockerfileText is { } typed ? DockerfileLabels.Append(typed, settings.Labels) : null;
                    using var context = await PrepareAsync(request, labelled, cancellationToken, ct).ConfigureAwait(false);
                    Register();
                    await RunBuildAsync(job, settings.Parameters(labelsInDockerfile: labelled is not null), context.OpenRead(), ct).ConfigureAwait(false);
                }
            }
            finally
            {
                // Built (or, after a failure, left-over) images show in the list at once.
                if (registered)
                {
                    // A built image is named by its first tag (the one the person typed first).
                    string? made = null;
                    if (job.Job.Snapshot.ImageId is not null && tags.Count > 0)
                    {
                        var (repository, name) = ImageReferences.ParseTagTarget(tags[0]);
                        made = $"{repository}:{name}";
                    }

                    await imageCatalog.RefreshAfterChangeAsync(CancellationToken.None, made).ConfigureAwait(false);
                }
            }

            var built = job.Job.Snapshot;
            ctx.Detail = built.ImageId is { } id ? $"built {ImageReferences.ShortId(id)}" : built.Status;
        }, token), cancellationToken).ConfigureAwait(false);
        return job.Snapshot;
    }

    private async Task<BuildSettings> CheckAsync(Actor actor, ImageBuildRequest request, string? team, CancellationToken ct)
    {
        // Admitted by the runner (rule no-host-namespaces).
        var network = string.IsNullOrWhiteSpace(request.NetworkMode) ? null : request.NetworkMode.Trim();
        var names = new List<string>();
        // Refusals name the request's field (tags[1], dockerfile, labels), counted in the request as sent, so a form marks its input.
        for (var i = 0; i < request.Tags.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(request.Tags[i]))
            {
                continue;
            }

            var (field, tag) = ($"tags[{i}]", request.Tags[i].Trim());
            var (repository, name) = OperationFailedException.AboutField(field, () => ImageReferences.ParseTagTarget(tag));
            names.Add($"{repository}:{name}");
            // A build tag moves the name off any image holding it.
            await access.EnsureTagFreeAsync(actor, $"{repository}:{name}", imageId: null, field, ct).ConfigureAwait(false);
        }

        await CheckCacheFromAsync(actor, request.CacheFrom, ct).ConfigureAwait(false);
        var labels = OwningTeam.Labels(OperationFailedException.AboutField("labels", () => ObjectLabels.Validate(request.Labels)), team, actor.UserName);
        var target = string.IsNullOrWhiteSpace(request.Target) ? null : request.Target.Trim();
        var dockerfile = OperationFailedException.AboutField("dockerfile",
            () => ContextEntryCheck.CleanName(string.IsNullOrWhiteSpace(request.Dockerfile) ? "Dockerfile" : request.Dockerfile));
        return new BuildSettings(labels, target is null, withLabels => new ImageBuildParameters
        {
            Tags = names,
            BuildArgs = request.BuildArgs.ToDictionary(kv => kv.Key, kv => kv.Value),
            Target = target,
            Dockerfile = dockerfile,
            NoCache = request.NoCache,
            Pull = request.Pull ? "1" : null,
            Labels = withLabels ? labels : null,
            NetworkMode = network,
            // The engine reads cachefrom as one JSON array; the client would send each image as its own value.
            CacheFrom = request.CacheFrom.Count > 0 ? [System.Text.Json.JsonSerializer.Serialize(request.CacheFrom)] : null,
            ExtraHosts = request.ExtraHosts.Count > 0 ? [.. request.ExtraHosts] : null,
            ShmSize = request.ShmSize > 0 ? request.ShmSize : null,
            Remove = true,
            ForceRemove = true,
        });
    }

    /// <summary>
    /// The checked options. The labels (user's plus ownership) go either into the Dockerfile as one
    /// step (<see cref="DockerfileLabels"/>) or, where that is not certain, as the engine's labels parameter.
    /// </summary>
    private sealed record BuildSettings(Dictionary<string, string> Labels, bool LabelsInDockerfile, Func<bool, ImageBuildParameters> MakeParameters)
    {
        public ImageBuildParameters Parameters(bool labelsInDockerfile) => MakeParameters(!labelsInDockerfile);
    }

    /// <summary>The editor's context: the typed Dockerfile and its few files, written to a temp tar first.</summary>
    private async Task<PreparedContext> PrepareAsync(ImageBuildRequest request, string? labelledText, CancellationToken requestToken, CancellationToken jobToken)
    {
        // The files belong to the request: reading them stops when either the request or the job is cancelled.
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(requestToken, jobToken);
        return (labelledText ?? request.DockerfileText) is { } text
            ? await BuildContextWriter.FromDockerfileAsync(text, request.Dockerfile ?? "", request.Files, options.Value.MaxBuildContextBytes, linked.Token).ConfigureAwait(false)
            : throw OperationFailedException.Invalid("Give a context archive or a Dockerfile.");
    }
}
