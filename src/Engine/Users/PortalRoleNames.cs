namespace Portal.Engine.Users;

/// <summary>Names of the global (Identity) roles.</summary>
public static class PortalRoleNames
{
    /// <summary>The global administrator role: everything, every team, settings and users.</summary>
    public const string Admin = "Admin";
}
