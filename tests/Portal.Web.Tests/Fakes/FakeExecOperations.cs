using System.Collections.Concurrent;
using Portal.Engine.Exec;
using Portal.Engine.Pipeline;

namespace Portal.Web.Tests.Fakes;

/// <summary>Records exec requests and answers with a set result or failure.</summary>
public sealed class FakeExecOperations : IExecOperations
{
    public ConcurrentQueue<(string Actor, string Container, ExecRequest Request)> Runs { get; } = new();

    public ExecResult Result { get; set; } = new(0, "", "", false, false);

    public OperationFailedException? Failure { get; set; }

    public Task<ExecResult> RunAsync(Actor actor, string idOrName, ExecRequest request, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        Runs.Enqueue((actor.UserName, idOrName, request));
        return Failure is null ? Task.FromResult(Result) : Task.FromException<ExecResult>(Failure);
    }

    public Task<ExecSession> StartSessionAsync(Actor actor, string idOrName, ExecRequest request, TerminalSize size, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Pages open sessions through the hub, never through the circuit.");
}
