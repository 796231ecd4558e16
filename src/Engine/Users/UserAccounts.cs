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
            throw Refusal(result);
        }
    }

    /// <summary>
    /// Identity's failure as a refusal: one sentence per broken rule (Identity's descriptions), each tied to the
    /// request field it is about (<c>username</c>, <c>password</c>), so a form marks the input; a taken name is a conflict.
    /// </summary>
    public static OperationFailedException Refusal(IdentityResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var problems = result.Errors.Select(e => new RequestProblem(e.Description, FieldOf(e.Code))).ToList();
        var conflict = result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.DuplicateUserName));
        return new OperationFailedException(conflict ? OperationOutcome.Conflict : OperationOutcome.Invalid, string.Join(" ", problems.Select(p => p.Message)))
        {
            Field = problems.FirstOrDefault()?.Field,
            Problems = problems.Count > 1 ? problems : [],
        };
    }

    private static string? FieldOf(string code) => code switch
    {
        nameof(IdentityErrorDescriber.DuplicateUserName) or nameof(IdentityErrorDescriber.InvalidUserName) => "username",
        _ when code.StartsWith("Password", StringComparison.Ordinal) => "password",
        _ => null,
    };

    public static void RequireAdmin(Actor actor)
    {
        if (!actor.IsAdmin)
        {
            throw OperationFailedException.Forbidden("Only administrators may manage users.");
        }
    }
}
