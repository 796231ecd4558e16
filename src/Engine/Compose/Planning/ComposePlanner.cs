using System.Globalization;
using Portal.Engine.Compose.Model;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Compose.Planning;

/// <summary>
/// Compares a project with what the engine has for it and yields the plan. Pure: it reads the model,
/// the observed objects (by compose labels and config hash) and the current image ids, nothing else.
/// </summary>
public static class ComposePlanner
{
    /// <param name="project">The desired state.</param>
    /// <param name="observed">The project's objects on the engine.</param>
    /// <param name="imageIds">Current image id per image reference the services use; a reference missing here is not compared.</param>
    /// <param name="options">Orphans, forced recreate, scale overrides.</param>
    /// <param name="admitted">What admission changed per service (<see cref="AdmittedChanges"/>); part of each service's config hash.</param>
    public static ComposePlan Plan(ComposeProject project, ObservedProject observed, IReadOnlyDictionary<string, string> imageIds, PlanOptions? options = null,
        IReadOnlyDictionary<string, AdmittedChanges>? admitted = null)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(observed);
        ArgumentNullException.ThrowIfNull(imageIds);
        options ??= PlanOptions.Default;
        var steps = new List<PlanStep>();
        PlanNetworks(project, observed, options, steps, out var networkRemovals);
        PlanVolumes(project, observed, steps);

        var recreated = new HashSet<string>(StringComparer.Ordinal);
        foreach (var service in ComposeGraph.Order(project.Services))
        {
            PlanService(project, service, observed, imageIds, options, admitted?.GetValueOrDefault(service.Name) ?? AdmittedChanges.None, recreated, steps);
        }

        if (options.RemoveOrphans)
        {
            var services = project.Services.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
            foreach (var orphan in observed.Containers.Where(c => !services.Contains(c.Service)).OrderBy(c => c.Name, StringComparer.Ordinal))
            {
                steps.Add(ContainerStep(PlanAction.Remove, orphan.Service, orphan.Number, orphan.Name, $"orphan: service {orphan.Service} is no longer in the project") with { ExistingId = orphan.Id });
            }
        }

        steps.AddRange(networkRemovals);
        return new ComposePlan(project.Name, steps);
    }

    private static void PlanNetworks(ComposeProject project, ObservedProject observed, PlanOptions options, List<PlanStep> steps, out List<PlanStep> removals)
    {
        var used = project.Services.SelectMany(s => s.Networks.Keys).ToHashSet(StringComparer.Ordinal);
        foreach (var network in project.Networks.Values.Where(n => !n.External && used.Contains(n.Key)))
        {
            var existing = observed.Networks.FirstOrDefault(n => n.Key == network.Key);
            steps.Add(existing is null
                ? new PlanStep(PlanObject.Network, PlanAction.Create, $"network:{network.Key}", network.Name, "not on the engine")
                : new PlanStep(PlanObject.Network, PlanAction.Keep, $"network:{network.Key}", network.Name, "exists") { ExistingId = existing.Id });
        }

        removals = options.RemoveOrphans
            ? [.. observed.Networks.Where(n => !project.Networks.TryGetValue(n.Key, out var declared) || declared.External || !used.Contains(n.Key))
                .Select(n => new PlanStep(PlanObject.Network, PlanAction.Remove, $"network:{n.Key}", n.Name, "no longer used by the project") { ExistingId = n.Id })]
            : [];
    }

    private static void PlanVolumes(ComposeProject project, ObservedProject observed, List<PlanStep> steps)
    {
        var used = project.Services.SelectMany(s => s.Volumes).Where(m => m.Type == "volume" && m.Source is not null)
            .Select(m => m.Source!).ToHashSet(StringComparer.Ordinal);
        foreach (var volume in project.Volumes.Values.Where(v => !v.External && used.Contains(v.Key)))
        {
            var exists = observed.Volumes.Any(v => v.Key == volume.Key);
            steps.Add(new PlanStep(PlanObject.Volume, exists ? PlanAction.Keep : PlanAction.Create, $"volume:{volume.Key}", volume.Name,
                exists ? "exists" : "not on the engine") { ExistingId = exists ? volume.Name : null });
        }
    }

    private static void PlanService(ComposeProject project, ComposeService service, ObservedProject observed,
        IReadOnlyDictionary<string, string> imageIds, PlanOptions options, AdmittedChanges admitted, HashSet<string> recreated, List<PlanStep> steps)
    {
        var expected = options.Scale.TryGetValue(service.Name, out var scale) ? scale : service.Replicas;
        if (service.ContainerName is not null && expected > 1)
        {
            throw OperationFailedException.Invalid($"services.{service.Name}: container_name '{service.ContainerName}' allows one replica, not {expected}.");
        }

        var hash = ComposeHash.Service(service, admitted);
        imageIds.TryGetValue(ComposeSpecs.ImageOf(project.Name, service), out var imageId);
        var containers = observed.Containers.Where(c => c.Service == service.Name).OrderBy(c => c.Number).ToList();
        // A container sharing a recreated container's namespace or volumes is recreated with it, to join the new one.
        var namespaceParent = new[] { service.NetworkModeService }.Concat(service.VolumesFromServices).FirstOrDefault(p => p is not null && recreated.Contains(p));
        var restartFor = service.DependsOn.Where(d => d.Value.Restart && recreated.Contains(d.Key)).Select(d => d.Key).FirstOrDefault();

        foreach (var (container, index) in containers.Select((c, i) => (c, i)))
        {
            if (index >= expected)
            {
                steps.Add(ContainerStep(PlanAction.Remove, service.Name, container.Number, container.Name, $"scale down to {expected}") with { ExistingId = container.Id });
                continue;
            }

            var reason = options.ForceRecreate ? "forced"
                : container.ConfigHash != hash ? ConfigChange(service, container, admitted)
                : imageId is not null && container.ImageDigest != imageId ? "image changed"
                : namespaceParent is not null ? $"dependency {namespaceParent} recreated"
                : null;
            if (reason is not null)
            {
                recreated.Add(service.Name);
                steps.Add(ContainerStep(PlanAction.Recreate, service.Name, container.Number, container.Name, reason) with { ExistingId = container.Id });
            }
            else if (container.State is not ("running" or "restarting"))
            {
                steps.Add(ContainerStep(PlanAction.Start, service.Name, container.Number, container.Name, $"{container.State}, not running") with { ExistingId = container.Id });
            }
            else if (restartFor is not null)
            {
                steps.Add(ContainerStep(PlanAction.Restart, service.Name, container.Number, container.Name, $"dependency {restartFor} recreated") with { ExistingId = container.Id });
            }
            else
            {
                steps.Add(ContainerStep(PlanAction.Keep, service.Name, container.Number, container.Name, "up to date") with { ExistingId = container.Id });
            }
        }

        var next = containers.Count == 0 ? 1 : containers.Max(c => c.Number) + 1;
        for (var i = containers.Count; i < expected; i++, next++)
        {
            steps.Add(ContainerStep(PlanAction.Create, service.Name, next, ComposeSpecs.ContainerName(project.Name, service, next),
                containers.Count == 0 ? "no existing container" : $"scale up to {expected}"));
        }
    }

    /// <summary>
    /// Why a hash differs: when the container's hash is the model's with the admission changes it was created
    /// with, only the admission changed (a new default memory limit), and the cause says so.
    /// </summary>
    private static string ConfigChange(ComposeService service, ObservedContainer container, AdmittedChanges admitted)
    {
        var before = AdmittedChanges.Parse(container.Admitted);
        return before != admitted && container.ConfigHash == ComposeHash.Service(service, before)
            ? $"admission changed: {before.Describe()} -> {admitted.Describe()}"
            : "config changed";
    }

    private static PlanStep ContainerStep(PlanAction action, string service, int number, string name, string cause) =>
        new(PlanObject.Container, action, $"service:{service}:{number.ToString(CultureInfo.InvariantCulture)}", name, cause) { Service = service, Number = number };
}
