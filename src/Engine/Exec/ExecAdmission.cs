using Portal.Engine.Pipeline;

namespace Portal.Engine.Exec;

/// <summary>
/// The admission step for exec, in one place: who may run what inside a container they may
/// operate. Container access (viewers, other teams) is decided before this by <c>ContainerAccess</c>.
/// </summary>
public static class ExecAdmission
{
    /// <summary>Rule name of the privileged-exec refusal.</summary>
    public const string NoPrivilegedExec = "no-privileged-exec";

    /// <summary>Rule name of the root refusal (only when <see cref="ExecOptions.ForbidRootForNonAdmins"/> is set).</summary>
    public const string NoRootExec = "no-root-exec";

    /// <summary>Throws a forbidden failure naming the rule that refuses, or returns when the request may run.</summary>
    /// <param name="actor">Who asks.</param>
    /// <param name="request">What they ask for.</param>
    /// <param name="containerUser">The container's configured user (its <c>Config.User</c>), used when the request names none.</param>
    /// <param name="options">Policy switches.</param>
    public static void Admit(Actor actor, ExecRequest request, string? containerUser, ExecOptions options)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        if (actor.IsAdmin)
        {
            return;
        }

        if (request.Privileged)
        {
            throw Refuse(NoPrivilegedExec, "Privileged exec is reserved for administrators.");
        }

        if (options.ForbidRootForNonAdmins && IsRoot(string.IsNullOrWhiteSpace(request.User) ? containerUser : request.User))
        {
            throw Refuse(NoRootExec, "Exec as root is reserved for administrators; name another user.");
        }
    }

    /// <summary>True when <paramref name="user"/> (as <c>docker exec -u</c> takes it) means uid 0; empty means the image default, root.</summary>
    public static bool IsRoot(string? user)
    {
        if (string.IsNullOrWhiteSpace(user))
        {
            return true;
        }

        var name = user.Split(':', 2)[0].Trim();
        return name is "root" or "0" || (name.Length > 0 && name.All(c => c == '0'));
    }

    private static OperationFailedException Refuse(string rule, string reason) =>
        new(OperationOutcome.Forbidden, $"Refused by rule '{rule}': {reason}") { Rule = rule };
}
