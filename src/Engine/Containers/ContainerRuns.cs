using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;
using Portal.Data.Stores;
using Portal.Engine.Docker;
using Portal.Engine.Logging;
using Portal.Engine.Networks;
using Portal.Engine.Pipeline;
using Portal.Engine.Pipeline.Admission;
using Portal.Engine.Quotas;
using Portal.Engine.Resources;
using Portal.Engine.Volumes;
using Actor = Portal.Engine.Pipeline.Actor;

namespace Portal.Engine.Containers;

/// <summary>
/// <c>docker run -d</c> through the pipeline: the owning team, admission of the spec, the team's quota and what it
/// joins (networks, volumes) are decided here; the resource layer creates and starts the container, removes it
/// again when it fails to start (unless kept) and writes it to the catalog.
/// </summary>
public sealed partial class ContainerRuns(
    OperationRunner runner,
    TeamStore teams,
    AdmissionPolicy admission,
    QuotaGuard quota,
    NetworkAccess networkAccess,
    VolumeAccess volumeAccess,
    EngineResources resources,
    ContainerQueries queries)
{
    public Task<ContainerSummary> RunAsync(Actor actor, RunContainerRequest request, CancellationToken cancellationToken) =>
        runner.RunAsync(actor, "container.run", request.Name ?? request.Image ?? "", async (ctx, ct) =>
        {
            var team = await OwningTeam.ResolveAsync(actor, request.Team, teams, "container", ct).ConfigureAwait(false);
            ctx.Team = team;
            var spec = await admission.AdmitAsync(actor, RunRequestParser.Parse(request, team), ct).ConfigureAwait(false);
            using var quotaLock = await quota.EnterAsync(team, ct).ConfigureAwait(false);
            await quota.CheckAsync(team, QuotaGuard.DemandOf([spec], await CountNewVolumesAsync(spec, ct).ConfigureAwait(false)), ct).ConfigureAwait(false);
            var (createdVolumes, networkIds) = await AdmitAttachmentsAsync(actor, spec, team, ct).ConfigureAwait(false);

            var parameters = ContainerCreation.ToParameters(spec, actor.UserName, networkIds);
            string id;
            try
            {
                id = await resources.Containers.CreateAsync(parameters, ct).ConfigureAwait(false);
            }
            catch (DockerApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
            {
                // Admission found the image a moment ago: it went away since.
                throw Portal.Engine.Images.ImageAccess.NotOnEngine(spec.Image);
            }
            catch (DockerApiException ex) when (ex.StatusCode == HttpStatusCode.Conflict)
            {
                // The engine's message names the container holding the name, which may be another team's.
                throw OperationFailedException.NameTaken("container", spec.Name ?? "");
            }

            ctx.Target = spec.Name ?? new ShortId(id).ToString();
            try
            {
                var networks = ContainerCreation.ExtraNetworks(spec)
                    .Select(n => (ContainerCreation.NetworkRef(n, networkIds), (EndpointSettings?)ContainerCreation.Endpoint(n, networkIds))).ToList();
                await resources.Containers.StartCreatedAsync(id, new ContainerLaunch(networks, KeepOnFailure: spec.KeepOnFailure), ct).ConfigureAwait(false);
            }
            catch (DockerApiException ex)
            {
                var reason = DockerErrorTranslator.Translate(ex, "")!;

                // A 404 here is about something the request named (a network, a volume driver), not the
                // container just created: that is a bad request, not "no such container".
                var outcome = reason.Outcome == OperationOutcome.NotFound ? OperationOutcome.Invalid : reason.Outcome;
                throw new OperationFailedException(outcome, $"The container was created but failed to start{(spec.KeepOnFailure ? " (kept for inspection)" : " and was removed")}: {reason.Message}", ex);
            }

            ctx.Detail = $"image {spec.Image}" + (createdVolumes.Count > 0 ? $"; created volumes {string.Join(", ", createdVolumes)}" : "");
            return await queries.FindAsync(id, now => new ContainerSummary(id, spec.Name ?? id[..12], spec.Image, "running", "", "", team, actor.UserName, now, null, null),
                CancellationToken.None).ConfigureAwait(false);
        }, cancellationToken);
}
