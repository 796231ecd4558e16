using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Portal.Engine.Containers;
using Portal.Engine.Exec;
using Portal.Engine.Pipeline;
using Portal.Web.Security;
using Portal.Web.Terminal;

namespace Portal.Web.Hubs;

/// <summary>
/// <c>/hubs/exec</c>: interactive terminals. <c>StartSession</c> returns a session id;
/// <c>Output</c> streams <see cref="ExecFrame"/>s until the process ends (the last frame says how);
/// <c>Input</c>, <c>Resize</c> and <c>Close</c> act on the caller's own sessions. Instead of <c>Output</c>
/// and <c>Input</c>, a client may move a session's I/O to a plain WebSocket: <c>AttachTicket</c> returns a
/// one-use ticket for <c>/hubs/terminal</c> (see <see cref="ExecSocketEndpoint"/>). Sessions die with
/// the connection. Access is the Engine's: viewers are refused, other teams' containers are not found.
/// </summary>
public sealed class ExecHub(IExecOperations exec, ExecSessionRegistry sessions, ExecAttachTickets tickets, HubEnvironment environments, StreamAccessGuard guard, IContainerOperations containers, IOptions<ExecOptions> options) : Hub
{
    public async Task<string> StartSession(ExecStartRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var aborted = Context.ConnectionAborted;
        var opened = await environments.OpenAsync(Context.User, request.Environment, aborted);
        if (!sessions.HasRoom(Context.ConnectionId))
        {
            throw new HubException($"This connection already holds {ExecSessionRegistry.MaxSessionsPerConnection} terminal sessions; close one first.");
        }

        ExecSession session;
        try
        {
            using var scope = opened.Enter();
            session = await exec.StartSessionAsync(opened.Actor, request.Container, new ExecRequest
            {
                Command = request.Command ?? [],
                User = request.User,
                WorkingDir = request.WorkingDir,
                Env = request.Env ?? [],
                Privileged = request.Privileged,
            }, request.Cols > 0 && request.Rows > 0 ? new TerminalSize(request.Cols, request.Rows) : TerminalSize.Default, aborted);
        }
        catch (OperationFailedException ex)
        {
            throw new HubException(ex.Message);
        }

        if (!sessions.TryAdd(Context.ConnectionId, session))
        {
            await session.DisposeAsync();
            throw new HubException($"This connection already holds {ExecSessionRegistry.MaxSessionsPerConnection} terminal sessions; close one first.");
        }

        // The connection may have closed while the session started: OnDisconnected has then run already.
        if (aborted.IsCancellationRequested && sessions.Remove(Context.ConnectionId, session.Id) is { } orphan)
        {
            await orphan.DisposeAsync();
        }

        HoldWhileAllowed(request.Environment, session);
        return session.Id;
    }

    /// <summary>
    /// The session lives while its starter may still run commands in the container's team; losing that (removed from
    /// the team, the permission or the environment taken away, the account disabled, the token revoked) closes it.
    /// </summary>
    private void HoldWhileAllowed(string? environment, ExecSession session)
    {
        var connection = Context.ConnectionId;
        var lease = guard.Watch(Context.User, environment, async (actor, ct) =>
            actor.MayExec((await containers.GetAsync(actor, session.ContainerId, ct)).Summary.Team),
            "Your permission to run commands in this container was withdrawn; the session was closed.", CancellationToken.None);
        lease.Token.Register(() =>
        {
            if (lease.Withdrawn && sessions.Remove(connection, session.Id) is { } withdrawn)
            {
                _ = withdrawn.DisposeAsync().AsTask();
            }
        });
        _ = session.Completion.ContinueWith(_ => lease.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>The session's output; the last frame has <c>ended: true</c>, the exit code and a message.</summary>
    public async IAsyncEnumerable<ExecFrame> Output(string sessionId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var session = Find(sessionId);
        if (session.OutputClaimed)
        {
            throw new HubException("This session's output already goes to another reader (its terminal socket, or an earlier Output call).");
        }

        await foreach (var text in session.ReadOutputAsync(cancellationToken))
        {
            yield return new ExecFrame(text);
        }

        var end = await session.Completion;
        yield return new ExecFrame(null, Ended: true, end.ExitCode, end.Message);
        if (sessions.Remove(Context.ConnectionId, sessionId) is { } ended)
        {
            await ended.DisposeAsync();
        }
    }

    /// <summary>
    /// A one-use ticket (valid <see cref="ExecAttachTickets.Lifetime"/>) for this caller to attach a WebSocket
    /// to <c>/hubs/terminal?ticket=…</c> for the session's input and output.
    /// </summary>
    public string AttachTicket(string sessionId)
    {
        var session = Find(sessionId);
        return tickets.Issue(Context.UserIdentifier ?? throw new HubException("Your account is no longer valid; sign in again."), Context.ConnectionId, session.Id)
            ?? throw new HubException("Too many terminals are being opened right now; try again in a moment.");
    }

    /// <summary>Keystrokes or pasted text; one message carries at most <see cref="ExecOptions.MaxInputBytes"/> bytes.</summary>
    public async Task Input(string sessionId, string data)
    {
        try
        {
            await Find(sessionId).WriteInputAsync(data ?? "", options.Value.MaxInputBytes, Context.ConnectionAborted);
        }
        catch (OperationFailedException ex)
        {
            throw new HubException(ex.Message);
        }
    }

    /// <summary>The terminal's new size in character cells.</summary>
    public Task Resize(string sessionId, int cols, int rows) =>
        Find(sessionId).ResizeAsync(new TerminalSize(cols, rows), Context.ConnectionAborted);

    /// <summary>Ends the session (the shell sees its input close).</summary>
    public async Task Close(string sessionId)
    {
        if (sessions.Remove(Context.ConnectionId, sessionId) is { } session)
        {
            await session.DisposeAsync();
        }
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        foreach (var session in sessions.RemoveAll(Context.ConnectionId))
        {
            await session.DisposeAsync();
        }

        await base.OnDisconnectedAsync(exception);
    }

    private ExecSession Find(string sessionId) =>
        sessions.Find(Context.ConnectionId, sessionId) ?? throw new HubException("No such terminal session on this connection (it may have ended).");
}
