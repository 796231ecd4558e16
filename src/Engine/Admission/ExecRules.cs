
namespace Portal.Engine.Admission;

/// <summary>The rules an exec meets: the "may exec" permission on the container's team, then privileged exec, then exec as root.</summary>
public static class ExecRules
{
    public const string Permission = "may-exec";

    public const string PrivilegedExec = "no-privileged-exec";

    public const string RootExec = "no-root-exec";

    /// <summary>True for an empty user (the image's default is root unless it says otherwise), <c>root</c> or uid 0 in any spelling (<c>00</c>), with or without a group.</summary>
    public static bool IsRoot(string? user)
    {
        var name = (user ?? "").Split(':')[0].Trim();
        return name.Length == 0 || name == "root" || name.All(c => c == '0');
    }
}

/// <summary>Exec needs the actor's "may exec" permission on the container's team, granted per team by an administrator.</summary>
public sealed class ExecPermissionRule : IAdmissionRule<ExecAdmission>
{
    public string Name => ExecRules.Permission;

    public AdmissionRefusal? Check(ExecAdmission request) =>
        request.Actor.MayExec(request.Team)
            ? null
            : new AdmissionRefusal($"You may not run commands in team '{request.Team}''s containers; an administrator grants the 'may exec' permission per team.", "mayExec");
}

/// <summary>A privileged exec has the host's devices and every capability, whatever the container has.</summary>
public sealed class PrivilegedExecRule : IAdmissionRule<ExecAdmission>
{
    public string Name => ExecRules.PrivilegedExec;

    public AdmissionRefusal? Check(ExecAdmission request) =>
        request.Privileged && !request.Settings.AllowPrivilegedExec
            ? new AdmissionRefusal("Privileged exec is reserved for administrators.", "allowPrivilegedExec") { Field = "privileged" }
            : null;
}

/// <summary>Exec as root (named, by uid 0, or the container's default user when that is root) unless the settings allow it.</summary>
public sealed class RootExecRule : IAdmissionRule<ExecAdmission>
{
    public string Name => ExecRules.RootExec;

    public AdmissionRefusal? Check(ExecAdmission request) =>
        !request.Settings.AllowRootExec && ExecRules.IsRoot(request.User)
            ? new AdmissionRefusal(
                $"Exec as root{(string.IsNullOrWhiteSpace(request.User) ? " (the container's default user)" : $" ('{request.User}')")} is not allowed here; choose another user.", "allowRootExec") { Field = "user" }
            : null;
}
