using System.Collections.Concurrent;
using Portal.Engine.Containers;
using Portal.Engine.Pipeline;

namespace Portal.Web.Tests.Fakes;

/// <summary>A thread-safe, hand-written <see cref="IContainerOperations"/>: serves a list it is given and records every call.</summary>
public sealed class FakeContainerOperations : IContainerOperations
{
    private readonly Lock _gate = new();
    private List<ContainerSummary> _containers = [];

    public ConcurrentQueue<ContainerListRequest> ListRequests { get; } = new();

    public ConcurrentQueue<RunContainerRequest> RunRequests { get; } = new();

    /// <summary>Lifecycle calls as (action, idOrName, force-or-null).</summary>
    public ConcurrentQueue<(string Action, string IdOrName)> ActionCalls { get; } = new();

    /// <summary>The grace period each stop or restart asked for.</summary>
    public ConcurrentQueue<int?> StopTimeouts { get; } = new();

    /// <summary>Decides whether an action fails: (action, idOrName) → exception or null.</summary>
    public Func<string, string, Exception?> ActionFailure { get; set; } = (_, _) => null;

    /// <summary>Lifecycle actions answer only once this completes (a test holds one to see the page while it runs).</summary>
    public Task ActionsHeld { get; set; } = Task.CompletedTask;

    /// <summary>Thrown by <see cref="RunAsync"/> when set.</summary>
    public Exception? RunFailure { get; set; }

    public IReadOnlyList<ContainerSummary> Containers
    {
        get
        {
            lock (_gate)
            {
                return _containers.ToList();
            }
        }
        set
        {
            lock (_gate)
            {
                _containers = value.ToList();
            }
        }
    }

    public static ContainerSummary Summary(string name, string state = "running", string? team = "web") =>
        new(Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N"), name, "portal-test/busybox:latest", state,
            state == "running" ? "Up 5 minutes" : "Exited (0) 1 minute ago", "", team, "alice",
            new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc), null, null);

    public Task<PagedResult<ContainerSummary>> ListAsync(Actor actor, ContainerListRequest request, CancellationToken cancellationToken)
    {
        ListRequests.Enqueue(request);
        var matching = Containers
            .Where(c => request.Text is null || c.Name.Contains(request.Text.Trim(), StringComparison.OrdinalIgnoreCase))
            .Where(c => request.All || c.State == "running")
            .ToList();
        return Task.FromResult(new PagedResult<ContainerSummary>(matching.Skip(request.Skip).Take(request.Take).ToList(), matching.Count));
    }

    public Task<ContainerDetails> GetAsync(Actor actor, string idOrName, CancellationToken cancellationToken)
    {
        var found = Containers.FirstOrDefault(c => c.Name == idOrName || c.Id == idOrName)
            ?? throw OperationFailedException.NotFound("container", idOrName);
        return Task.FromResult(new ContainerDetails { Summary = found, Command = ["httpd", "-f"], Env = ["PATH=/bin"] });
    }

    public Task<ContainerSummary> RunAsync(Actor actor, RunContainerRequest request, CancellationToken cancellationToken)
    {
        RunRequests.Enqueue(request);
        if (RunFailure is { } failure)
        {
            throw failure;
        }

        var created = Summary(request.Name ?? "generated-name");
        lock (_gate)
        {
            _containers.Add(created);
        }

        return Task.FromResult(created);
    }

    public Task StartAsync(Actor actor, string idOrName, CancellationToken cancellationToken) => Act("start", idOrName);

    public Task StopAsync(Actor actor, string idOrName, int? timeoutSeconds, CancellationToken cancellationToken)
    {
        StopTimeouts.Enqueue(timeoutSeconds);
        return Act("stop", idOrName);
    }

    public Task RestartAsync(Actor actor, string idOrName, int? timeoutSeconds, CancellationToken cancellationToken)
    {
        StopTimeouts.Enqueue(timeoutSeconds);
        return Act("restart", idOrName);
    }

    public Task KillAsync(Actor actor, string idOrName, string? signal, CancellationToken cancellationToken) => Act("kill", idOrName);

    public Task RemoveAsync(Actor actor, string idOrName, bool force, CancellationToken cancellationToken) => Act(force ? "remove-force" : "remove", idOrName);

    public Task AssignTeamAsync(Actor actor, string idOrName, string? team, CancellationToken cancellationToken) => Act("assign:" + team, idOrName);

    private async Task Act(string action, string idOrName)
    {
        ActionCalls.Enqueue((action, idOrName));
        await ActionsHeld;
        if (ActionFailure(action, idOrName) is { } failure)
        {
            throw failure;
        }
    }
}
