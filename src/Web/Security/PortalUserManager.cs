using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Portal.Data.Entities;

namespace Portal.Web.Security;

/// <summary>
/// Identity's user manager, plus two guarantees sessions rely on: every write of a user drops
/// its cached stamp (<see cref="SessionStamps"/>), and adding or removing a role rotates the
/// security stamp, so a role change ends the user's other sessions like a password change does.
/// </summary>
public sealed class PortalUserManager(
    IUserStore<PortalUser> store,
    IOptions<IdentityOptions> optionsAccessor,
    IPasswordHasher<PortalUser> passwordHasher,
    IEnumerable<IUserValidator<PortalUser>> userValidators,
    IEnumerable<IPasswordValidator<PortalUser>> passwordValidators,
    ILookupNormalizer keyNormalizer,
    IdentityErrorDescriber errors,
    IServiceProvider services,
    ILogger<UserManager<PortalUser>> logger,
    SessionStamps stamps)
    : UserManager<PortalUser>(store, optionsAccessor, passwordHasher, userValidators, passwordValidators, keyNormalizer, errors, services, logger)
{
    public override async Task<IdentityResult> AddToRoleAsync(PortalUser user, string role)
    {
        var result = await base.AddToRoleAsync(user, role);
        return result.Succeeded ? await UpdateSecurityStampAsync(user) : result;
    }

    public override async Task<IdentityResult> AddToRolesAsync(PortalUser user, IEnumerable<string> roles)
    {
        var result = await base.AddToRolesAsync(user, roles);
        return result.Succeeded ? await UpdateSecurityStampAsync(user) : result;
    }

    public override async Task<IdentityResult> RemoveFromRoleAsync(PortalUser user, string role)
    {
        var result = await base.RemoveFromRoleAsync(user, role);
        return result.Succeeded ? await UpdateSecurityStampAsync(user) : result;
    }

    public override async Task<IdentityResult> RemoveFromRolesAsync(PortalUser user, IEnumerable<string> roles)
    {
        var result = await base.RemoveFromRolesAsync(user, roles);
        return result.Succeeded ? await UpdateSecurityStampAsync(user) : result;
    }

    public override async Task<IdentityResult> DeleteAsync(PortalUser user)
    {
        var result = await base.DeleteAsync(user);
        stamps.Forget(user.Id);
        return result;
    }

    protected override async Task<IdentityResult> UpdateUserAsync(PortalUser user)
    {
        try
        {
            return await base.UpdateUserAsync(user);
        }
        finally
        {
            // Forget even on failure: the cache must never be newer-looking than the database.
            stamps.Forget(user.Id);
        }
    }
}
