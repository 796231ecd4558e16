using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;
using Portal.Engine.Docker;
using Portal.Engine.Logging;
using Portal.Engine.Pipeline;
using Portal.Engine.Quotas;
using Actor = Portal.Engine.Pipeline.Actor;

namespace Portal.Engine.Containers;

public sealed partial class ContainerOperations
{
    public Task<ContainerSummary> RunAsync(Actor actor, RunContainerRequest request, CancellationToken cancellationToken) =>
        runner.RunAsync(actor, "container.run", request.Name ?? request.Image ?? "", async (ctx, ct) =>
        {
            var team = await ResolveTeamAsync(actor, request.Team, ct).ConfigureAwait(false);
            ctx.Team = team;
            var spec = await admission.AdmitAsync(actor, RunRequestParser.Parse(request, team), ct).ConfigureAwait(false);
            using var quotaLock = await quota.EnterAsync(team, ct).ConfigureAwait(false);
            await quota.CheckAsync(team, QuotaGuard.DemandOf([spec], await CountNewVolumesAsync(spec, ct).ConfigureAwait(false)), ct).ConfigureAwait(false);
            var (createdVolumes, networkIds) = await AdmitAttachmentsAsync(actor, spec, team, ct).ConfigureAwait(false);

            var client = connection.Client;
            var parameters = ContainerCreation.ToParameters(spec, actor.UserName, networkIds);
            CreateContainerResponse created;
            try
            {
                created = await client.Containers.CreateContainerAsync(parameters, ct).ConfigureAwait(false);
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

            ctx.Target = spec.Name ?? new ShortId(created.ID).ToString();
            try
            {
                foreach (var network in ContainerCreation.ExtraNetworks(spec))
                {
                    await client.Networks.ConnectNetworkAsync(ContainerCreation.NetworkRef(network, networkIds), new NetworkConnectParameters
                    {
                        Container = created.ID,
                        EndpointConfig = ContainerCreation.Endpoint(network, networkIds),
                    }, ct).ConfigureAwait(false);
                }

                await client.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is DockerApiException)
            {
                var reason = DockerErrorTranslator.Translate(ex, connection.Endpoint)!;
                if (!spec.KeepOnFailure)
                {
                    Log.RemovingFailedContainer(logger, new ShortId(created.ID));
                    await client.Containers.RemoveContainerAsync(created.ID, new ContainerRemoveParameters { Force = true, RemoveVolumes = true }, CancellationToken.None).ConfigureAwait(false);
                }

                // A 404 here is about something the request named (a network, a volume driver), not the
                // container just created: that is a bad request, not "no such container".
                var outcome = reason.Outcome == OperationOutcome.NotFound ? OperationOutcome.Invalid : reason.Outcome;
                throw new OperationFailedException(outcome, $"The container was created but failed to start{(spec.KeepOnFailure ? " (kept for inspection)" : " and was removed")}: {reason.Message}", ex);
            }

            var snapshots = await ContainerSnapshots.ListAsync(client, [created.ID], time, ct).ConfigureAwait(false);
            var now = time.GetUtcNow().UtcDateTime;
            foreach (var s in snapshots)
            {
                await catalog.UpsertContainerAsync(engine.EndpointId, s, now, CancellationToken.None).ConfigureAwait(false);
            }

            notifier.NotifyContainersChanged();
            var row = await catalog.FindContainerAsync(engine.EndpointId, created.ID, includeRemoved: true, CancellationToken.None).ConfigureAwait(false);
            ctx.Detail = $"image {spec.Image}" + (createdVolumes.Count > 0 ? $"; created volumes {string.Join(", ", createdVolumes)}" : "");
            return row is not null
                ? ContainerSnapshots.ToSummary(row, time.GetUtcNow().UtcDateTime)
                : new ContainerSummary(created.ID, spec.Name ?? created.ID[..12], spec.Image, "running", "", "", team, actor.UserName, now, null, null);
        }, cancellationToken);

    /// <summary>Picks the owning team: the one asked for if the actor operates it, else the actor's only team.</summary>
    private async Task<string?> ResolveTeamAsync(Actor actor, string? requested, CancellationToken ct)
    {
        var team = string.IsNullOrWhiteSpace(requested) ? null : requested.Trim();
        if (team is null)
        {
            if (actor.IsAdmin)
            {
                return null;
            }

            var operable = actor.OperableTeams.ToList();
            return operable.Count switch
            {
                1 => operable[0],
                0 => throw OperationFailedException.Forbidden("You are not an operator of any team, so you cannot create containers."),
                _ => throw OperationFailedException.Invalid($"Choose the team that will own the container: {string.Join(", ", operable)}."),
            };
        }

        if (!actor.CanOperate(team))
        {
            throw OperationFailedException.Forbidden($"You cannot create containers for team '{team}'.");
        }

        if (!await teams.ExistsAsync(team, ct).ConfigureAwait(false))
        {
            throw OperationFailedException.Invalid($"There is no team named '{team}'.");
        }

        return team;
    }
}
