using Portal.Engine.Pipeline;

namespace Portal.Engine.Exec;

/// <summary><c>docker exec</c> through the pipeline: access → admission → engine → audit.</summary>
public interface IExecOperations
{
    /// <summary>Runs a command without a terminal and returns its bounded output and exit code.</summary>
    /// <param name="actor">Who runs it; viewers and other teams are refused as for any change.</param>
    /// <param name="idOrName">The container.</param>
    /// <param name="request">Command, user, working directory, environment.</param>
    /// <param name="timeout">How long to wait (default and upper bound from <see cref="ExecOptions"/>).</param>
    /// <param name="cancellationToken">Cancels the wait; the process may go on in the container.</param>
    Task<ExecResult> RunAsync(Actor actor, string idOrName, ExecRequest request, TimeSpan? timeout, CancellationToken cancellationToken);

    /// <summary>Starts an interactive TTY session; the caller owns it and must dispose it.</summary>
    Task<ExecSession> StartSessionAsync(Actor actor, string idOrName, ExecRequest request, TerminalSize size, CancellationToken cancellationToken);
}
