using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;
using Portal.Data.Stores;
using Portal.Engine.Access;
using Portal.Engine.Admission;
using Portal.Engine.Docker;
using Portal.Engine.Logging;
using Portal.Engine.Pipeline;
using Portal.Engine.Quotas;
using Portal.Engine.Resources;
using Portal.Engine.Runner;
using Actor = Portal.Engine.Pipeline.Actor;

namespace Portal.Engine.Containers;

/// <summary>
/// <c>docker run -d</c> as a declared operation: the owning team, admission of the spec and the team's quota are the
/// runner's steps; the engine step checks the image and what the container joins (networks, volumes), then the
/// resource layer creates and starts it, removes it again when it fails to start (unless kept) and writes it to the catalog.
/// </summary>
public sealed partial class ContainerRuns(
    OperationRunner runner,
    TeamStore teams,
    ContainerAccess access,
    ImageAccess images,
    NetworkAccess networkAccess,
    VolumeAccess volumeAccess,
    EngineResources resources,
    ContainerQueries queries)
{
    public Task<ContainerSummary> RunAsync(Actor actor, RunContainerRequest request, CancellationToken cancellationToken)
    {
        var declaration = new OperationDeclaration("container.run", TargetKind.Container, request.Name ?? request.Image ?? "")
        {
            Access = OwningTeam.ForNew(teams, request.Team, "container", request.Name ?? request.Image ?? ""),
            Admit = async (target, ct) =>
            {
                var spec = RunRequestParser.Parse(request, target.Team);
                return [new ContainerAdmission(spec, await access.ReferencedTeamsAsync(actor, spec, ct).ConfigureAwait(false))];
            },
            Quota = async (_, admitted, ct) =>
            {
                var spec = admitted.OfType<ContainerAdmission>().Single().Spec;
                return QuotaGuard.DemandOf([spec], await CountNewVolumesAsync(spec, ct).ConfigureAwait(false));
            },
        };
        return runner.RunAsync(actor, declaration, async (op, ct) =>
        {
            var spec = op.The<ContainerAdmission>().Spec;
            var team = op.Team;
            var ctx = op.Context;
            if (await images.FindVisibleAsync(actor, spec.Image, ct).ConfigureAwait(false) is null)
            {
                // Another team's private image reads exactly like a missing one.
                throw ImageAccess.NotOnEngine(spec.Image).AtField("image");
            }

            var (createdVolumes, networkIds) = await AdmitAttachmentsAsync(op, spec, team, ct).ConfigureAwait(false);

            var parameters = ContainerCreation.ToParameters(spec, actor.UserName, networkIds);
            string id;
            try
            {
                id = await resources.Containers.CreateAsync(op, parameters, ct).ConfigureAwait(false);
            }
            catch (DockerApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
            {
                // The image was found a moment ago: it went away since.
                throw ImageAccess.NotOnEngine(spec.Image).AtField("image");
            }
            catch (DockerApiException ex) when (ex.StatusCode == HttpStatusCode.Conflict)
            {
                // The engine's message names the container holding the name, which may be another team's.
                throw OperationFailedException.NameTaken("container", spec.Name ?? "").AtField("name");
            }

            ctx.Target = spec.Name ?? new ShortId(id).ToString();
            try
            {
                var networks = ContainerCreation.ExtraNetworks(spec)
                    .Select(n => (ContainerCreation.NetworkRef(n, networkIds), (EndpointSettings?)ContainerCreation.Endpoint(n, networkIds))).ToList();
                await resources.Containers.StartCreatedAsync(op, id, new ContainerLaunch(networks, KeepOnFailure: spec.KeepOnFailure), ct).ConfigureAwait(false);
            }
            catch (DockerApiException ex)
            {
                var reason = DockerErrorTranslator.Translate(ex, "")!;

                // A 404 here is about something the request named (a network, a volume driver), not the
                // container just created: that is a bad request, not "no such container".
                var outcome = reason.Outcome == OperationOutcome.NotFound ? OperationOutcome.Invalid : reason.Outcome;
                throw new OperationFailedException(outcome, $"The container was created but failed to start{(spec.KeepOnFailure ? " (kept for inspection)" : " and was removed")}: {reason.Message}", ex)
                {
                    Field = PortField(spec, reason.Message),
                };
            }

            ctx.Detail = $"image {spec.Image}" + (createdVolumes.Count > 0 ? $"; created volumes {string.Join(", ", createdVolumes)}" : "");
            return await queries.FindAsync(id, now => new ContainerSummary(id, spec.Name ?? id[..12], spec.Image, "running", "", "", team, actor.UserName, now, null, null),
                CancellationToken.None).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <summary>
    /// The published port a start failure is about (the engine says <c>Bind for 127.0.0.1:8080 failed: port is already
    /// allocated</c>, or that the address is in use), so the run form marks that line; null for any other failure.
    /// </summary>
    internal static string? PortField(Admission.ContainerSpec spec, string message)
    {
        if (!message.Contains("port is already allocated", StringComparison.OrdinalIgnoreCase)
            && !message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        for (var i = 0; i < spec.Ports.Count; i++)
        {
            if (spec.Ports[i].HostPort is { } port && message.Contains($":{port.ToString(System.Globalization.CultureInfo.InvariantCulture)}", StringComparison.Ordinal))
            {
                return $"ports[{i}]";
            }
        }

        return "ports";
    }
}
