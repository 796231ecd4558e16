using Microsoft.AspNetCore.Identity;
using Portal.Data.Entities;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Users;

/// <summary>Identity calls the user operations share, with Identity's failures turned into outcomes.</summary>
internal static class UserAccounts
{
    public static async Task<PortalUser> FindAsync(UserManager<PortalUser> users, string userName) =>
        await users.FindByNameAsync(userName).ConfigureAwait(false) ?? throw OperationFailedException.NotFound("user", userName);

    /// <summary>Sets a password without knowing the old one (Identity's reset path checks the password rules).</summary>
    public static async Task SetPasswordAsync(UserManager<PortalUser> users, PortalUser user, string password)
    {
        var token = await users.GeneratePasswordResetTokenAsync(user).ConfigureAwait(false);
        Check(await users.ResetPasswordAsync(user, token, password).ConfigureAwait(false));
    }

    /// <summary>Lets a locked-out account sign in again at once.</summary>
    public static async Task ClearLockoutAsync(UserManager<PortalUser> users, PortalUser user)
    {
        await users.SetLockoutEndDateAsync(user, null).ConfigureAwait(false);
        await users.ResetAccessFailedCountAsync(user).ConfigureAwait(false);
    }

    public static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw OperationFailedException.Invalid(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }

    public static void RequireAdmin(Actor actor)
    {
        if (!actor.IsAdmin)
        {
            throw OperationFailedException.Forbidden("Only administrators may manage users.");
        }
    }
}
