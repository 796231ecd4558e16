using System.Formats.Tar;
using System.Globalization;
using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;
using Portal.Engine.Compose.Model;
using Portal.Engine.Compose.Planning;
using Portal.Engine.Pipeline;
using Portal.Engine.Resources;

namespace Portal.Engine.Compose.Execution;

public sealed partial class ComposeExecutor
{
    private async Task RunContainerStepsAsync(ComposeService service, List<PlanStep> steps, CancellationToken ct)
    {
        var replicas = _containers.GetOrAdd(service.Name, _ => new());
        foreach (var step in steps.Where(s => s.Action == PlanAction.Remove))
        {
            await RemoveContainerAsync(step, step.Cause, ct).ConfigureAwait(false);
        }

        foreach (var step in steps.Where(s => s.Action == PlanAction.Keep))
        {
            replicas[step.Number] = step.ExistingId!;
            Report(step.Resource, service.Name, "kept", $"{step.Name} is up to date");
        }

        await Task.WhenAll(steps.Where(s => s.Action is not (PlanAction.Keep or PlanAction.Remove)).Select(async step =>
        {
            switch (step.Action)
            {
                case PlanAction.Start:
                    Report(step.Resource, service.Name, "starting", $"starting {step.Name} ({step.Cause})");
                    await resources.Containers.ChangeAsync(operation, step.ExistingId!, ContainerChange.Start, ct).ConfigureAwait(false);
                    replicas[step.Number] = step.ExistingId!;
                    Report(step.Resource, service.Name, "started", $"{step.Name} started");
                    break;
                case PlanAction.Restart:
                    Report(step.Resource, service.Name, "restarting", $"restarting {step.Name} ({step.Cause})");
                    await resources.Containers.ChangeAsync(operation, step.ExistingId!, ContainerChange.Restart(StopSeconds(service)), ct).ConfigureAwait(false);
                    replicas[step.Number] = step.ExistingId!;
                    Report(step.Resource, service.Name, "started", $"{step.Name} restarted");
                    break;
                case PlanAction.Recreate:
                    await RemoveContainerAsync(step, $"recreate: {step.Cause}", ct).ConfigureAwait(false);
                    replicas[step.Number] = await CreateAndStartAsync(service, step, ct).ConfigureAwait(false);
                    break;
                case PlanAction.Create:
                    replicas[step.Number] = await CreateAndStartAsync(service, step, ct).ConfigureAwait(false);
                    break;
            }
        })).ConfigureAwait(false);
    }

    private async Task<string> CreateAndStartAsync(ComposeService service, PlanStep step, CancellationToken ct)
    {
        var image = ComposeSpecs.ImageOf(project.Name, service);
        resolved.ImageIds.TryGetValue(image, out var imageId);
        var labels = ComposeObjectLabels.Container(project, service, step.Number, imageId, context, AdmittedChanges.Of(service, resolved.Admitted[service.Name]));
        var spec = ComposeSpecs.ForReplica(resolved.Admitted[service.Name], project, service, step.Number, labels);
        if (service.VolumesFrom.Any(v => v.IsService))
        {
            // volumes_from keeps the file's order; a service's entry is its first container (compose does the same).
            spec = spec with
            {
                VolumesFrom = [.. service.VolumesFrom.Select(v => v.ToEngine(v.IsService ? FirstContainer(service, v.Name, "volumes_from") : v.Name))],
            };
        }

        string? namespaceContainer = null;
        if (service.NetworkModeService is { } parent)
        {
            namespaceContainer = FirstContainer(service, parent, "network_mode");
        }

        Report(step.Resource, service.Name, "creating", $"creating {spec.Name} ({step.Cause})");
        var parameters = ComposeContainerFactory.ToParameters(project, service, spec, context.Actor.UserName, namespaceContainer, _networkIds);
        var id = await resources.Containers.CreateAsync(operation, parameters, ct).ConfigureAwait(false);
        _createdContainers.Add(id);
        var networks = spec.Networks.Skip(1)
            .Select(n => (Portal.Engine.Containers.ContainerCreation.NetworkRef(n, _networkIds), (EndpointSettings?)ComposeContainerFactory.Endpoint(project, service, n, _networkIds))).ToList();
        await resources.Containers.StartCreatedAsync(operation, id, new ContainerLaunch(networks, async (created, token) =>
        {
            await CopyFilesAsync(service, created, token).ConfigureAwait(false);
            Report(step.Resource, service.Name, "starting", $"starting {spec.Name}");
        }), ct).ConfigureAwait(false);
        Report(step.Resource, service.Name, "started", $"{spec.Name} started");
        return id;
    }

    private string FirstContainer(ComposeService service, string parent, string key) =>
        _containers.TryGetValue(parent, out var parentReplicas) && !parentReplicas.IsEmpty
            ? parentReplicas.OrderBy(r => r.Key).First().Value
            : throw OperationFailedException.Invalid($"services.{service.Name}.{key}: service {parent} has no container to join.");

    private async Task RemoveContainerAsync(PlanStep step, string why, CancellationToken ct)
    {
        var service = step.Service is { } name ? project.Service(name) : null;
        Report(step.Resource, step.Service, "stopping", $"stopping {step.Name} ({why})");
        try
        {
            var grace = service is null ? 10 : StopSeconds(service);
            await resources.Containers.ChangeAsync(operation, step.ExistingId!, ContainerChange.Remove(force: true, removeVolumes: false, context.Actor.UserName, stopFirst: grace), ct).ConfigureAwait(false);
        }
        catch (DockerContainerNotFoundException)
        {
            // Already gone: the desired end state.
        }

        Report(step.Resource, step.Service, "removed", $"{step.Name} removed");
    }

    /// <summary>Secrets and configs from file or inline sources are copied in before start (no host bind is needed).</summary>
    private async Task CopyFilesAsync(ComposeService service, string containerId, CancellationToken ct)
    {
        var files = service.Secrets.Select(s => (Kind: "secret", Ref: s, Def: project.Secrets.GetValueOrDefault(s.Source)))
            .Concat(service.Configs.Select(c => (Kind: "config", Ref: c, Def: project.Configs.GetValueOrDefault(c.Source)))).ToList();
        if (files.Count == 0)
        {
            return;
        }

        using var archive = new MemoryStream();
        var writer = new TarWriter(archive, TarEntryFormat.Pax, leaveOpen: true);
        await using (writer.ConfigureAwait(false))
        {
            foreach (var (kind, reference, definition) in files)
            {
                var content = definition switch
                {
                    null => throw OperationFailedException.Invalid($"services.{service.Name}: {kind} '{reference.Source}' is not declared at the top level."),
                    { Content: { } inline } => inline,
                    { File: { } path } => context.Files?.TryRead(path)
                        ?? throw OperationFailedException.Invalid($"{kind}s.{reference.Source}.file: '{path}' is not among the stack's files."),
                    _ => throw OperationFailedException.Invalid($"{kind}s.{reference.Source}: only file and content sources are supported."),
                };
                var entry = new PaxTarEntry(TarEntryType.RegularFile, reference.Target.TrimStart('/'))
                {
                    DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)),
                    Mode = reference.Mode is { } mode ? (UnixFileMode)Convert.ToInt32(mode, 8) : (UnixFileMode)0x124, // 0444
                };
                await writer.WriteEntryAsync(entry, ct).ConfigureAwait(false);
            }
        }

        archive.Position = 0;
        await resources.Containers.CopyInAsync(operation, containerId, "/", archive, ct).ConfigureAwait(false);
    }

    private async Task<string> RollBackAsync()
    {
        // Best effort and never cancelled: the deploy already failed, leave no half-made objects behind.
        foreach (var id in _createdContainers)
        {
            await TryAsync(() => resources.Containers.ChangeAsync(operation, id, ContainerChange.Remove(force: true, removeVolumes: true, context.Actor.UserName), CancellationToken.None)).ConfigureAwait(false);
        }

        foreach (var id in _createdNetworks)
        {
            await TryAsync(() => resources.Networks.RemoveAsync(operation, id, CancellationToken.None)).ConfigureAwait(false);
        }

        foreach (var name in _createdVolumes)
        {
            await TryAsync(() => resources.Volumes.RemoveAsync(operation, name, false, CancellationToken.None)).ConfigureAwait(false);
        }

        if (_createdContainers.IsEmpty && _createdNetworks.IsEmpty && _createdVolumes.IsEmpty)
        {
            return "";
        }

        var text = string.Create(CultureInfo.InvariantCulture,
            $"Removed what this deploy created: {_createdContainers.Count} container(s), {_createdNetworks.Count} network(s), {_createdVolumes.Count} volume(s).");
        Report("project", null, "rolled back", text);
        return "\n" + text;
    }

    private static async Task TryAsync(Func<Task> action)
    {
        try
        {
            await action().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is DockerApiException or OperationFailedException)
        {
            // Already gone or still in use; the report says what was attempted.
        }
    }

    private static uint StopSeconds(ComposeService service) =>
        (uint)Math.Clamp((service.StopGracePeriod ?? TimeSpan.FromSeconds(10)).TotalSeconds, 0, 3600);
}
