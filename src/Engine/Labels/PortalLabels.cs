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

    /// <summary>Prefix reserved for Portal; users cannot set labels under it.</summary>
    public const string ReservedPrefix = "io.portal.";
}
