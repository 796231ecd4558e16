namespace Portal.Web.Security;

/// <summary>Role names and claim types Portal uses.</summary>
public static class PortalRoles
{
    /// <summary>The global administrator role (Identity role).</summary>
    public const string Admin = Portal.Engine.Users.PortalRoleNames.Admin;

    /// <summary>Claim set on principals authenticated by a read-only access token.</summary>
    public const string ReadOnlyClaim = "portal:read-only";

    /// <summary>The authentication scheme that picks cookie or bearer token per request.</summary>
    public const string Scheme = "Portal";

    /// <summary>The bearer access-token scheme.</summary>
    public const string TokenScheme = "PortalToken";
}
