// Docker.DotNet declares these model strings non-nullable, yet null is how the API says "engine default".
#pragma warning disable CS8601
using System.Collections.Concurrent;
using Docker.DotNet;
using Docker.DotNet.Models;
using Portal.Engine.Compose.Model;
using Portal.Engine.Compose.Planning;
using Portal.Engine.Pipeline;
using Portal.Engine.Resources;
using Portal.Engine.Runner;

namespace Portal.Engine.Compose.Execution;

/// <summary>
/// Carries out a plan: networks and volumes first, then every service as its own task that starts once
/// the services it depends on are done and their <c>depends_on</c> conditions hold, so independent
/// services run concurrently. The first failure cancels the rest; what this run created is removed
/// again and the failure carries a per-service state report.
/// </summary>
/// <remarks>
/// Runs inside the engine step of a declared operation (access, admission and quota done; it holds the proof) and changes the engine only
/// through the resource layer, so its guards hold for stacks: Portal's own container is never stopped or
/// replaced, a container that fails to start is removed, and the catalog follows every step.
/// </remarks>
public sealed partial class ComposeExecutor(AdmittedOperation operation, EngineResources resources, ComposeProject project, ComposeRunContext context, ComposeUpOptions options,
    ComposeResolved resolved, IProgress<ComposeEvent> progress, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, string> _states = new(StringComparer.Ordinal);

    // Every network a container joins, by name → engine id: containers are attached by id, so another
    // network of the same name elsewhere on the engine cannot make the name ambiguous mid-deploy.
    private readonly ConcurrentDictionary<string, string> _networkIds = new(resolved.ExternalNetworks, StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<int, string>> _containers = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<string> _createdContainers = [];
    private readonly ConcurrentBag<string> _createdNetworks = [];
    private readonly ConcurrentBag<string> _createdVolumes = [];

    /// <summary>Runs <paramref name="plan"/>; throws an <see cref="OperationFailedException"/> with the state report when a step fails.</summary>
    public async Task ExecuteAsync(ComposePlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        // The whole set first: a plan that would stop or replace Portal's own container changes nothing.
        var stopping = plan.Steps.Where(s => s.Object == PlanObject.Container && s.ExistingId is not null
            && s.Action is PlanAction.Remove or PlanAction.Recreate or PlanAction.Restart).Select(s => s.ExistingId!).ToList();
        await resources.Containers.EnsureNotSelfAsync(stopping, "stop", cancellationToken).ConfigureAwait(false);
        using var failFast = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            foreach (var kept in plan.Steps.Where(s => s.Object == PlanObject.Network && s.Action == PlanAction.Keep && s.ExistingId is not null))
            {
                _networkIds[kept.Name] = kept.ExistingId!;
            }

            await Task.WhenAll(plan.Steps.Where(s => s.Object == PlanObject.Network && s.Action == PlanAction.Create)
                .Select(s => CreateNetworkAsync(s, failFast.Token))).ConfigureAwait(false);
            await Task.WhenAll(plan.Steps.Where(s => s.Object == PlanObject.Volume && s.Action == PlanAction.Create)
                .Select(s => CreateVolumeAsync(s, failFast.Token))).ConfigureAwait(false);

            var tasks = new Dictionary<string, Task>(StringComparer.Ordinal);
            foreach (var service in ComposeGraph.Order(project.Services))
            {
                var dependencies = service.Dependencies.Where(tasks.ContainsKey).Select(d => (d, tasks[d])).ToList();
                tasks[service.Name] = RunServiceAsync(service, plan, dependencies, failFast);
            }

            await WhenAllOrFirstFailure(tasks.Values, failFast).ConfigureAwait(false);
            foreach (var orphan in plan.Steps.Where(s => s.Object == PlanObject.Container && s.Action == PlanAction.Remove && project.Service(s.Service!) is null))
            {
                await RemoveContainerAsync(orphan, orphan.Cause, failFast.Token).ConfigureAwait(false);
            }

            foreach (var network in plan.Steps.Where(s => s.Object == PlanObject.Network && s.Action == PlanAction.Remove))
            {
                await RemoveNetworkAsync(network, failFast.Token).ConfigureAwait(false);
            }

            if (options.Wait)
            {
                await Task.WhenAll(project.Services.Select(s => WaitReadyAsync(s, failFast.Token))).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var reason = FirstFailure(ex is DependencyFailedException { InnerException: { } inner } ? inner : ex);
            var rolledBack = await RollBackAsync().ConfigureAwait(false);
            throw new OperationFailedException(ex is OperationFailedException f ? f.Outcome : OperationOutcome.EngineError,
                $"The deploy of '{project.Name}' stopped: {reason}\n{StateReport()}{rolledBack}", ex);
        }
    }

    /// <summary>One line per service: what it reached before the deploy ended.</summary>
    public string StateReport() => string.Join('\n', project.Services.Select(s =>
        $"  {s.Name}: {(_states.TryGetValue(s.Name, out var state) ? state : "not started")}"));

    private async Task RunServiceAsync(ComposeService service, ComposePlan plan, List<(string Name, Task Task)> dependencies, CancellationTokenSource failFast)
    {
        var ct = failFast.Token;
        try
        {
            _states[service.Name] = "waiting for dependencies";
            foreach (var (name, task) in dependencies)
            {
                try
                {
                    await task.ConfigureAwait(false);
                }
                catch (Exception) when (service.DependsOn.TryGetValue(name, out var d) && !d.Required)
                {
                    Report($"service:{service.Name}", service.Name, "warning", $"optional dependency {name} failed; going on without it");
                }
                catch (Exception ex)
                {
                    _states[service.Name] = $"not started: dependency {name} failed";
                    throw new DependencyFailedException(ex);
                }
            }

            foreach (var (name, dependency) in service.DependsOn.Where(d => d.Value.Condition != ComposeDependency.Started))
            {
                await WaitConditionAsync(service, name, dependency, ct).ConfigureAwait(false);
            }

            _states[service.Name] = "converging";
            await RunContainerStepsAsync(service, plan.ForService(service.Name).ToList(), ct).ConfigureAwait(false);
            _states[service.Name] = $"done ({_containers.GetOrAdd(service.Name, _ => []).Count} container(s))";
        }
        catch (DependencyFailedException)
        {
            throw;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            _states[service.Name] = "cancelled (another service failed)";
            throw;
        }
        catch (Exception ex)
        {
            _states[service.Name] = $"failed: {FirstFailure(ex)}";
            Report($"service:{service.Name}", service.Name, "failed", FirstFailure(ex));
            await failFast.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task CreateNetworkAsync(PlanStep step, CancellationToken ct)
    {
        var network = project.Networks[step.Resource["network:".Length..]];
        Report(step.Resource, null, "creating", $"creating network {network.Name}");
        var created = await resources.Networks.CreateAsync(operation, new NetworksCreateParameters
        {
            Name = network.Name,
            Driver = network.Driver ?? "bridge",
            Options = network.DriverOpts.Count > 0 ? network.DriverOpts.ToDictionary() : null,
            Internal = network.Internal,
            Attachable = network.Attachable,
            EnableIPv6 = network.EnableIpv6,
            Labels = ComposeObjectLabels.Network(project, network, context),
            IPAM = network.Ipam is { } ipam ? new IPAM
            {
                Driver = ipam.Driver ?? "default",
                Config = [.. ipam.Config.Select(c => new IPAMConfig
                {
                    Subnet = c.Subnet, IPRange = c.IpRange, Gateway = c.Gateway, AuxAddress = c.AuxAddresses.Count > 0 ? c.AuxAddresses.ToDictionary() : null,
                })],
                Options = ipam.Options.Count > 0 ? ipam.Options.ToDictionary() : null,
            } : null,
        }, ct).ConfigureAwait(false);
        _createdNetworks.Add(created);
        _networkIds[network.Name] = created;
        Report(step.Resource, null, "created", $"network {network.Name} created");
    }

    private async Task CreateVolumeAsync(PlanStep step, CancellationToken ct)
    {
        var volume = project.Volumes[step.Resource["volume:".Length..]];
        await resources.Volumes.CreateAsync(operation, new VolumesCreateParameters
        {
            Name = volume.Name,
            Driver = volume.Driver ?? "local",
            DriverOpts = volume.DriverOpts.ToDictionary(),
            Labels = ComposeObjectLabels.Volume(project, volume, context),
        }, ct).ConfigureAwait(false);
        _createdVolumes.Add(volume.Name);
        Report(step.Resource, null, "created", $"volume {volume.Name} created");
    }

    private async Task RemoveNetworkAsync(PlanStep step, CancellationToken ct)
    {
        try
        {
            await resources.Networks.RemoveAsync(operation, step.ExistingId ?? step.Name, ct).ConfigureAwait(false);
            Report(step.Resource, null, "removed", $"network {step.Name} removed ({step.Cause})");
        }
        catch (Exception ex) when (ex is DockerApiException || ex is OperationFailedException { Rule: SelfProtection.Rule })
        {
            // Still used by something outside the project (or by Portal itself): leave it, say so.
            Report(step.Resource, null, "kept", $"network {step.Name} not removed: {ex.Message}");
        }
    }

    private static async Task WhenAllOrFirstFailure(IEnumerable<Task> tasks, CancellationTokenSource failFast)
    {
        var all = Task.WhenAll(tasks);
        try
        {
            await all.ConfigureAwait(false);
        }
        catch (Exception) when (all.Exception is { } aggregate)
        {
            // Prefer the real failure over the cancellations it caused in the other services.
            await failFast.CancelAsync().ConfigureAwait(false);
            var real = aggregate.InnerExceptions.FirstOrDefault(e => e is not (OperationCanceledException or DependencyFailedException)) ?? aggregate.InnerExceptions[0];
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(real);
        }
    }

    private static string FirstFailure(Exception ex) => ex switch
    {
        AggregateException a when a.InnerExceptions.FirstOrDefault(e => e is not OperationCanceledException) is { } inner => FirstFailure(inner),
        OperationFailedException f => f.Message,
        DockerApiException d => Portal.Engine.Docker.DockerErrorTranslator.EngineMessage(d),
        _ => ex.Message,
    };

    /// <summary>A service did not start because one it requires failed; the real failure is the inner one.</summary>
    private sealed class DependencyFailedException(Exception inner) : Exception("A required dependency failed.", inner);

    private void Report(string resource, string? service, string status, string message) =>
        progress.Report(new ComposeEvent(time.GetUtcNow().UtcDateTime, resource, service, status, message));
}
