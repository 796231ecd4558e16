using Docker.DotNet.Models;
using Portal.Engine.Compose.Model;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Compose.Execution;

public sealed partial class ComposeExecutor
{
    private async Task WaitConditionAsync(ComposeService service, string dependency, ComposeDependency condition, CancellationToken ct)
    {
        var resource = $"service:{service.Name}";
        var what = condition.Condition == ComposeDependency.Healthy ? "healthy" : "completed successfully";
        if (!_containers.TryGetValue(dependency, out var replicas) || replicas.IsEmpty)
        {
            if (!condition.Required)
            {
                return;
            }

            throw OperationFailedException.Invalid($"{service.Name} depends on {dependency} being {what}, but {dependency} has no container.");
        }

        Report(resource, service.Name, "waiting", $"waiting for {dependency} to be {what}");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.DependencyTimeout);
        var last = "";
        try
        {
            foreach (var id in replicas.Values)
            {
                while (true)
                {
                    var inspect = await resources.Containers.InspectAsync(id, timeout.Token).ConfigureAwait(false);
                    var (done, state) = condition.Condition == ComposeDependency.Healthy
                        ? Healthy(dependency, inspect)
                        : Completed(dependency, inspect);
                    last = state;
                    if (done)
                    {
                        break;
                    }

                    await Task.Delay(options.PollInterval, time, timeout.Token).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new OperationFailedException(OperationOutcome.EngineError,
                $"{service.Name} waited {options.DependencyTimeout.TotalSeconds:0}s for {dependency} to be {what}; it is still {last}.");
        }
        catch (OperationFailedException) when (!condition.Required)
        {
            Report(resource, service.Name, "warning", $"optional dependency {dependency} is not {what}; going on without it");
            return;
        }

        Report(resource, service.Name, "ready", $"{dependency} is {what}");
    }

    /// <summary>Like <c>--wait</c>: every replica running, and healthy when it has a healthcheck.</summary>
    private async Task WaitReadyAsync(ComposeService service, CancellationToken ct)
    {
        if (!_containers.TryGetValue(service.Name, out var replicas))
        {
            return;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.DependencyTimeout);
        var last = "";
        try
        {
            foreach (var id in replicas.Values)
            {
                while (true)
                {
                    var inspect = await resources.Containers.InspectAsync(id, timeout.Token).ConfigureAwait(false);
                    var (done, state) = inspect.State?.Health is null ? Running(service.Name, inspect) : Healthy(service.Name, inspect);
                    last = state;
                    if (done)
                    {
                        break;
                    }

                    await Task.Delay(options.PollInterval, time, timeout.Token).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new OperationFailedException(OperationOutcome.EngineError, $"{service.Name} did not become ready within {options.DependencyTimeout.TotalSeconds:0}s; it is {last}.");
        }

        _states[service.Name] = $"ready ({replicas.Count} container(s))";
        Report($"service:{service.Name}", service.Name, "healthy", $"{service.Name} is ready");
    }

    private static (bool Done, string State) Healthy(string name, ContainerInspectResponse inspect)
    {
        var state = inspect.State ?? throw new OperationFailedException(OperationOutcome.EngineError, $"{name} has no state.");
        if (state.Health is null)
        {
            throw OperationFailedException.Invalid($"{name} has no healthcheck, so service_healthy can never hold.");
        }

        if (!state.Running)
        {
            throw new OperationFailedException(OperationOutcome.EngineError, $"{name} exited with code {state.ExitCode} before it was healthy.");
        }

        var status = state.Health.Status;
        if (status == "unhealthy")
        {
            var output = state.Health.Log?.LastOrDefault()?.Output?.Trim();
            throw new OperationFailedException(OperationOutcome.EngineError,
                $"{name} is unhealthy{(string.IsNullOrEmpty(output) ? "" : $" (last check: {output})")}.");
        }

        return (status == "healthy", $"'{status}'");
    }

    private static (bool Done, string State) Completed(string name, ContainerInspectResponse inspect)
    {
        var state = inspect.State ?? throw new OperationFailedException(OperationOutcome.EngineError, $"{name} has no state.");
        if (state.Running || state.Status is "created" or "restarting")
        {
            return (false, $"'{state.Status}'");
        }

        return state.ExitCode == 0
            ? (true, "exited 0")
            : throw new OperationFailedException(OperationOutcome.EngineError, $"{name} did not complete successfully: it exited with code {state.ExitCode}.");
    }

    private static (bool Done, string State) Running(string name, ContainerInspectResponse inspect)
    {
        var state = inspect.State ?? throw new OperationFailedException(OperationOutcome.EngineError, $"{name} has no state.");
        return state.Running ? (true, "running")
            : state.Status is "created" or "restarting" ? (false, $"'{state.Status}'")
            : throw new OperationFailedException(OperationOutcome.EngineError, $"{name} exited with code {state.ExitCode}.");
    }
}
