using Microsoft.AspNetCore.Identity;

namespace Portal.Data.Entities;

/// <summary>A person who signs in to Portal (ASP.NET Core Identity user).</summary>
public sealed class PortalUser : IdentityUser
{
    /// <summary>When the account was created (UTC).</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>A disabled user cannot sign in and their tokens stop working.</summary>
    public bool Disabled { get; set; }

    /// <summary>The teams this user belongs to, with the role held in each.</summary>
    public List<TeamMembership> Memberships { get; set; } = [];
}
