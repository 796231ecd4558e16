namespace Portal.Data.Entities;

/// <summary>What a member may do inside one team. Admin is a global role, not a team role.</summary>
public enum TeamRole
{
    /// <summary>Read-only: sees the team's objects, changes nothing.</summary>
    Viewer = 0,

    /// <summary>Creates and manages the team's objects.</summary>
    Operator = 1,
}
