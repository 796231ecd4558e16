using Portal.Engine.Containers;
using Portal.Engine.Images;

namespace Portal.Engine.Pipeline.Admission;

/// <summary>
/// Judges what an actor asks of the engine against the rules and the admin's settings:
/// administrators pass, everyone else meets every rule. A refusal names the rule and the setting
/// that would allow it, and is thrown before anything reaches the engine.
/// </summary>
public sealed class AdmissionPolicy(IEnumerable<IAdmissionRule> rules, PolicySettingsCache settings, ContainerAccess containers, ImageAccess images)
{
    public const string PrivilegedExecRule = "no-privileged-exec";

    public const string RootExecRule = "no-root-exec";

    public const string ExecPermissionRule = "may-exec";

    private readonly IReadOnlyList<IAdmissionRule> _rules = [.. rules];

    /// <summary>The rules in force, in the order they are checked.</summary>
    public IReadOnlyList<IAdmissionRule> Rules => _rules;

    /// <summary>The settings cache the rules read.</summary>
    public PolicySettingsCache Settings => settings;

    /// <summary>
    /// Admits <paramref name="spec"/> to run now (the run form): the rules with the current settings, the
    /// containers it refers to resolved, and its image, which must be one the actor may use — another team's
    /// private image is refused exactly like a missing one. Returns the spec to create (with the default
    /// memory limit applied when it set none).
    /// </summary>
    public async Task<ContainerSpec> AdmitAsync(Actor actor, ContainerSpec spec, CancellationToken cancellationToken)
    {
        var admitted = await AdmitWithImageAsync(actor, spec, cancellationToken).ConfigureAwait(false);
        return admitted.ImageId is not null ? admitted.Spec : throw ImageAccess.NotOnEngine(admitted.Spec.Image);
    }

    /// <summary>
    /// Admits <paramref name="spec"/> whose image may still be pulled or built (compose services): the same checks
    /// as <see cref="AdmitAsync(Actor, ContainerSpec, CancellationToken)"/>, but a missing image is no refusal; the
    /// result says which image the reference names for the actor, null for a missing one and another team's alike.
    /// </summary>
    public async Task<AdmittedSpec> AdmitWithImageAsync(Actor actor, ContainerSpec spec, CancellationToken cancellationToken)
    {
        var admitted = await AdmitRulesAsync(actor, spec, cancellationToken).ConfigureAwait(false);
        return new AdmittedSpec(admitted, await ImageIdAsync(actor, admitted.Image, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The id of the image <paramref name="reference"/> names for the actor, or null when the engine has none the actor may use.</summary>
    public async Task<string?> ImageIdAsync(Actor actor, string reference, CancellationToken cancellationToken) =>
        (await images.FindVisibleAsync(actor, reference, cancellationToken).ConfigureAwait(false))?.ID;

    private async Task<ContainerSpec> AdmitRulesAsync(Actor actor, ContainerSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(spec);
        var current = await settings.GetAsync(cancellationToken).ConfigureAwait(false);
        var admitted = WithDefaults(spec, current);
        if (actor.IsAdmin)
        {
            return admitted;
        }

        var teams = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var name in ReferencedContainers(admitted))
        {
            try
            {
                teams[name] = (await containers.ResolveAsync(actor, name, write: false, cancellationToken).ConfigureAwait(false)).Team;
            }
            catch (OperationFailedException ex) when (ex.Outcome == OperationOutcome.NotFound)
            {
                // Not one the actor may see: left out, so the rule refuses it like a stranger's.
            }
        }

        Admit(actor, new AdmissionRequest(admitted, current, teams));
        return admitted;
    }

    /// <summary>Checks <paramref name="spec"/> with the cached settings (no container or image lookups: references to other containers are refused, the image is not checked).</summary>
    public ContainerSpec Admit(Actor actor, ContainerSpec spec)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var admitted = WithDefaults(spec, settings.Current);
        Admit(actor, AdmissionRequest.Of(admitted, settings.Current));
        return admitted;
    }

    /// <summary>Throws a <see cref="OperationOutcome.Forbidden"/> failure naming the first rule that refuses.</summary>
    public void Admit(Actor actor, AdmissionRequest request)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        if (actor.IsAdmin)
        {
            return;
        }

        foreach (var rule in _rules)
        {
            if (rule.Check(request) is { } refusal)
            {
                throw Refuse(rule.Name, refusal);
            }
        }
    }

    /// <summary>
    /// The exec half of admission, for the exec code to call before it creates an exec instance:
    /// the actor's "may exec" permission on the team, then privileged exec and exec as root.
    /// </summary>
    /// <remarks>
    /// <c>team</c> is the container's owning team; <c>user</c> the effective user: the exec's
    /// <c>User</c>, else the container's configured user; empty means root.
    /// </remarks>
    public async Task CheckExecAsync(Actor actor, string? team, bool privileged, string? user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var current = await settings.GetAsync(cancellationToken).ConfigureAwait(false);
        CheckExec(actor, team, privileged, user, current);
    }

    /// <summary>The exec check against explicit settings (pure, for tests and callers that hold settings).</summary>
    public static void CheckExec(Actor actor, string? team, bool privileged, string? user, PolicySettings settings)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(settings);
        if (actor.IsAdmin)
        {
            return;
        }

        if (!actor.MayExec(team))
        {
            throw Refuse(ExecPermissionRule, new AdmissionRefusal(
                $"You may not run commands in team '{team}''s containers; an administrator grants the 'may exec' permission per team.", "mayExec"));
        }

        if (privileged && !settings.AllowPrivilegedExec)
        {
            throw Refuse(PrivilegedExecRule, new AdmissionRefusal("Privileged exec is reserved for administrators.", "allowPrivilegedExec"));
        }

        if (!settings.AllowRootExec && IsRoot(user))
        {
            throw Refuse(RootExecRule, new AdmissionRefusal(
                $"Exec as root{(string.IsNullOrWhiteSpace(user) ? " (the container's default user)" : $" ('{user}')")} is not allowed here; choose another user.", "allowRootExec"));
        }
    }

    /// <summary>The same refusal as a rule gives, for checks made outside the rule list (pull, build).</summary>
    public static OperationFailedException Refuse(string rule, AdmissionRefusal refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        var allow = refusal.Setting is null
            ? " No policy setting allows this for non-administrators."
            : $" (policy setting: {refusal.Setting})";
        return new OperationFailedException(OperationOutcome.Forbidden, $"Refused by rule '{rule}': {refusal.Reason}{allow}") { Rule = rule };
    }

    /// <summary>True for an empty user (the image's default is root unless it says otherwise), <c>root</c> or uid 0 in any spelling (<c>00</c>), with or without a group.</summary>
    public static bool IsRoot(string? user)
    {
        var name = (user ?? "").Split(':')[0].Trim();
        return name.Length == 0 || name == "root" || name.All(c => c == '0');
    }

    private static ContainerSpec WithDefaults(ContainerSpec spec, PolicySettings settings) =>
        spec.MemoryBytes <= 0 && settings.DefaultMemoryBytes is { } memory ? spec with { MemoryBytes = memory } : spec;

    private static IEnumerable<string> ReferencedContainers(ContainerSpec spec) =>
        new[] { spec.NetworkMode, spec.PidMode, spec.IpcMode }
            .Where(m => m is not null && m.StartsWith("container:", StringComparison.OrdinalIgnoreCase))
            .Select(m => m!["container:".Length..])
            .Concat(spec.VolumesFrom.Select(v => v.Split(':')[0]))
            .Where(n => n.Length > 0)
            .Distinct(StringComparer.Ordinal);
}
