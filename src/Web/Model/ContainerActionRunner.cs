using MudBlazor;
using Portal.Engine.Containers;
using Portal.Engine.Pipeline;

namespace Portal.Web.Model;

/// <summary>
/// Runs one lifecycle action on one or more containers for the signed-in user and reports each
/// result; the Engine decides what is allowed, this only collects its answers.
/// </summary>
public sealed class ContainerActionRunner(IContainerOperations containers, CurrentActor currentActor, ILogger<ContainerActionRunner> logger)
{
    /// <summary>How many engine calls one multi-select action keeps in flight.</summary>
    public const int Parallelism = 4;

    /// <summary>
    /// Runs <paramref name="action"/> on every container; results keep the input order. For stop and
    /// restart, <paramref name="stopTimeoutSeconds"/> is the grace between SIGTERM and SIGKILL (null: engine default).
    /// </summary>
    public async Task<IReadOnlyList<ContainerActionResult>> RunAsync(ContainerAction action, IReadOnlyList<string> idsOrNames, bool force, CancellationToken cancellationToken, int? stopTimeoutSeconds = null)
    {
        Actor actor;
        try
        {
            actor = await currentActor.GetAsync(cancellationToken);
        }
        catch (OperationFailedException ex)
        {
            return idsOrNames.Select(n => new ContainerActionResult(n, ex.Message)).ToList();
        }

        var results = new ContainerActionResult[idsOrNames.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, idsOrNames.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (i, ct) => results[i] = await RunOneAsync(actor, action, idsOrNames[i], force, stopTimeoutSeconds, ct));
        return results;
    }

    /// <summary>One sentence for a snackbar: a count on success, each failure by name otherwise.</summary>
    public static (Severity Severity, string Message) Describe(ContainerAction action, IReadOnlyList<ContainerActionResult> results)
    {
        var failed = results.Where(r => !r.Succeeded).ToList();
        var verb = PastTense(action);
        if (failed.Count == 0)
        {
            return (Severity.Success, results.Count == 1 ? $"{verb} {results[0].Container}." : $"{verb} {results.Count} containers.");
        }

        var reasons = string.Join(" ", failed.Select(f => $"{f.Container}: {f.Error}"));
        if (results.Count == 1)
        {
            return (Severity.Error, $"{action} failed. {reasons}");
        }

        var severity = failed.Count == results.Count ? Severity.Error : Severity.Warning;
        return (severity, $"{action}: {results.Count - failed.Count} of {results.Count} succeeded. {reasons}");
    }

    public static string PastTense(ContainerAction action) => action switch
    {
        ContainerAction.Start => "Started",
        ContainerAction.Stop => "Stopped",
        ContainerAction.Restart => "Restarted",
        ContainerAction.Kill => "Killed",
        _ => "Removed",
    };

    private async Task<ContainerActionResult> RunOneAsync(Actor actor, ContainerAction action, string idOrName, bool force, int? stopTimeout, CancellationToken ct)
    {
        try
        {
            var call = action switch
            {
                ContainerAction.Start => containers.StartAsync(actor, idOrName, ct),
                ContainerAction.Stop => containers.StopAsync(actor, idOrName, stopTimeout, ct),
                ContainerAction.Restart => containers.RestartAsync(actor, idOrName, stopTimeout, ct),
                ContainerAction.Kill => containers.KillAsync(actor, idOrName, null, ct),
                _ => containers.RemoveAsync(actor, idOrName, force, ct),
            };
            await call;
            return new ContainerActionResult(idOrName, null);
        }
        catch (OperationFailedException ex)
        {
            return new ContainerActionResult(idOrName, ex.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Engine failures arrive as OperationFailedException; anything else is a bug, kept out of the page.
            logger.LogError(ex, "{Action} of container {Container} failed unexpectedly", action, idOrName);
            return new ContainerActionResult(idOrName, "Unexpected error; the server log has the details.");
        }
    }
}
