using System.Globalization;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Engine.Access;
using Portal.Engine.Admission;
using Portal.Engine.Docker;
using Portal.Engine.Pipeline;
using Portal.Engine.Runner;
using Actor = Portal.Engine.Pipeline.Actor;

namespace Portal.Engine.Exec;

/// <summary>Exec as declared operations (access to the container, admission of the exec); every run and every session is audited.</summary>
public sealed class ExecOperations(
    OperationRunner runner,
    ContainerAccess access,
    PolicySettingsCache settings,
    Engines engines,
    IOptions<ExecOptions> options,
    TimeProvider time,
    ILogger<ExecSession> sessionLogger) : IExecOperations
{
    /// <summary>Audit action of a non-interactive run (one entry, written at the end with both times).</summary>
    public const string RunAction = "container.exec";

    /// <summary>Audit action written when an interactive session starts (or is refused).</summary>
    public const string SessionStartAction = "container.exec.start";

    /// <summary>Audit action written when an interactive session ends, with its exit code and both times.</summary>
    public const string SessionEndAction = "container.exec.end";

    public Task<ExecResult> RunAsync(Actor actor, string idOrName, ExecRequest request, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        ResolvedContainer? container = null;
        return runner.RunAsync(actor, Declare(RunAction, idOrName, request, found => container = found), async (op, ct) =>
        {
            var ctx = op.Context;
            var argv = Arguments(request);
            var client = engines.Current.Client;
            var started = time.GetUtcNow();
            var created = await client.Exec.CreateContainerExecAsync(container!.Id, Parameters(argv, request, tty: false), ct).ConfigureAwait(false);
            var limit = Clamp(timeout);
            var (result, timedOut) = await CollectAsync(client, created.ID, limit, ct).ConfigureAwait(false);
            var ended = time.GetUtcNow();
            ctx.Detail = $"command: {ExecCommands.Describe(argv)}; "
                + (timedOut ? $"timed out after {limit.TotalSeconds:0}s" : $"exit code {result.ExitCode}")
                + $"; started {Stamp(started)}; ended {Stamp(ended)}" + (result.Truncated ? "; output truncated" : "");
            return result;
        }, cancellationToken);
    }

    public async Task<ExecSession> StartSessionAsync(Actor actor, string idOrName, ExecRequest request, TerminalSize size, CancellationToken cancellationToken)
    {
        ResolvedContainer? container = null;
        var session = await runner.RunAsync(actor, Declare(SessionStartAction, idOrName, request, found => container = found), async (op, ct) =>
        {
            var ctx = op.Context;
            var argv = Arguments(request);
            var client = engines.Current.Client;
            var created = await client.Exec.CreateContainerExecAsync(container!.Id, Parameters(argv, request, tty: true), ct).ConfigureAwait(false);
            var stream = await client.Exec.StartContainerExecAsync(created.ID, new ContainerExecStartParameters { TTY = true }, ct).ConfigureAwait(false);
            var command = ExecCommands.Describe(argv);
            ctx.Detail = $"command: {command}; user: {(string.IsNullOrWhiteSpace(request.User) ? "(container default)" : request.User)}; interactive";
            return new ExecSession(client, stream, created.ID, container, command, time, sessionLogger,
                end => WriteEndAsync(actor, container!, command, end));
        }, cancellationToken).ConfigureAwait(false);

        // The engine sizes a new TTY at 80x24 on API 1.41 (no ConsoleSize): resize at once.
        await session.ResizeAsync(size, cancellationToken).ConfigureAwait(false);
        return session;
    }

    /// <summary>
    /// An exec declared: access resolves the container for writing (exec changes what runs in it, so operator rights
    /// are needed, like start or stop); admission judges the exec with its effective user. The container's own user
    /// only matters when the request names none and the actor is not an admin, so it is looked up only then.
    /// </summary>
    private OperationDeclaration Declare(string action, string idOrName, ExecRequest request, Action<ResolvedContainer> resolved)
    {
        ResolvedContainer? container = null;
        var admin = false;
        return new OperationDeclaration(action, TargetKind.Container, idOrName)
        {
            Access = async (actor, ct) =>
            {
                admin = actor.IsAdmin;
                container = await access.ResolveAsync(actor, idOrName, write: true, ct).ConfigureAwait(false);
                resolved(container);
                return new OperationTarget(container.Name, container.Team);
            },
            Admit = async (target, ct) =>
            {
                var user = string.IsNullOrWhiteSpace(request.User) ? null : request.User.Trim();
                if (user is null && !admin && !(await settings.GetAsync(ct).ConfigureAwait(false)).AllowRootExec)
                {
                    var inspect = await engines.Current.Client.Containers.InspectContainerAsync(container!.Id, ct).ConfigureAwait(false);
                    user = inspect.Config?.User;
                }

                return [new ExecAdmission(target.Team, request.Privileged, user)];
            },
        };
    }

    /// <summary>The command to run, once the environment entries are known to be well-formed.</summary>
    private static IReadOnlyList<string> Arguments(ExecRequest request)
    {
        foreach (var variable in request.Env)
        {
            if (!variable.Contains('=', StringComparison.Ordinal) || variable.StartsWith('='))
            {
                throw OperationFailedException.Invalid($"Environment entry '{variable}' is not KEY=value.");
            }
        }

        return ExecCommands.Effective(request);
    }

    private static ContainerExecCreateParameters Parameters(IReadOnlyList<string> argv, ExecRequest request, bool tty) => new()
    {
        Cmd = [.. argv],
        User = string.IsNullOrWhiteSpace(request.User) ? "" : request.User.Trim(),
        WorkingDir = string.IsNullOrWhiteSpace(request.WorkingDir) ? "" : request.WorkingDir.Trim(),
        Env = [.. request.Env],
        Privileged = request.Privileged,
        TTY = tty,
        AttachStdin = tty,
        AttachStdout = true,
        AttachStderr = true,
    };

    private async Task<(ExecResult Result, bool TimedOut)> CollectAsync(IDockerClient client, string execId, TimeSpan limit, CancellationToken ct)
    {
        var max = options.Value.MaxOutputBytes;
        var stdout = new BoundedOutput(max);
        var stderr = new BoundedOutput(max);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(limit);
        var timedOut = false;
        using (var stream = await client.Exec.StartContainerExecAsync(execId, new ContainerExecStartParameters(), ct).ConfigureAwait(false))
        {
            // Closing the stream is what reliably wakes a read blocked on the socket.
            using var wake = deadline.Token.Register(stream.Dispose);
            var buffer = new byte[81920];
            try
            {
                while (true)
                {
                    var read = await stream.ReadOutputAsync(buffer, 0, buffer.Length, deadline.Token).ConfigureAwait(false);
                    if (read.EOF)
                    {
                        break;
                    }

                    (read.Target == MultiplexedStream.TargetStream.StandardError ? stderr : stdout).Append(buffer.AsSpan(0, read.Count));
                }
            }
            catch (Exception ex) when (deadline.IsCancellationRequested && !ct.IsCancellationRequested && ex is OperationCanceledException or ObjectDisposedException or IOException)
            {
                timedOut = true;
            }
        }

        ct.ThrowIfCancellationRequested();
        long exitCode = -1;
        if (!timedOut)
        {
            var inspect = await client.Exec.InspectContainerExecAsync(execId, ct).ConfigureAwait(false);
            exitCode = inspect.ExitCode ?? -1;
        }

        var err = stderr.ToString() + (timedOut ? $"\n[Portal stopped waiting after {limit.TotalSeconds:0} s; the process may still run]\n" : "");
        return (new ExecResult(exitCode, stdout.ToString(), err, stdout.Truncated || stderr.Truncated, timedOut), timedOut);
    }

    private Task WriteEndAsync(Actor actor, ResolvedContainer container, string command, ExecSessionRecord record) =>
        // Through the runner like every entry; the body only fills in the detail, so it cannot fail.
        runner.RunAsync(actor, SessionEndAction, container.Name, (ctx, _) =>
        {
            ctx.Team = container.Team;
            ctx.Detail = $"command: {command}; exit code {(record.End.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "unknown")}; "
                + $"started {Stamp(record.Started)}; ended {Stamp(record.Ended)}; {record.End.Message}";
            return Task.CompletedTask;
        }, CancellationToken.None);

    private TimeSpan Clamp(TimeSpan? timeout)
    {
        var o = options.Value;
        var wanted = timeout is { } t && t > TimeSpan.Zero ? t : o.DefaultTimeout;
        return wanted > o.MaxTimeout ? o.MaxTimeout : wanted;
    }

    private static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
