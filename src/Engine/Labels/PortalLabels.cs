namespace Portal.Engine.Labels;

/// <summary>Labels Portal stamps on the engine objects it creates.</summary>
public static class PortalLabels
{
    /// <summary>Name of the team that owns the object.</summary>
    public const string Team = "io.portal.team";

    /// <summary>User name of the person who created the object through Portal.</summary>
    public const string Owner = "io.portal.owner";

    /// <summary>Marks Portal's own container, which Portal refuses to stop or remove.</summary>
    public const string Self = "io.portal.self";

    /// <summary>On a network: <c>true</c> when an admin opened it to every team for attaching.</summary>
    public const string Shared = "io.portal.shared";

    /// <summary>Marks Portal's short-lived helper containers (volume browsing), removed right after use.</summary>
    public const string Helper = "io.portal.helper";

    /// <summary>On a compose container: what admission changed in its service (<c>memory=…</c>), see <c>AdmittedChanges</c>.</summary>
    public const string ComposeAdmitted = "io.portal.compose-admitted";

    /// <summary>Prefix reserved for Portal; users cannot set labels under it.</summary>
    public const string ReservedPrefix = "io.portal.";
}
