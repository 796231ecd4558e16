using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Portal.Data.Entities;
using Portal.Engine.Audit;
using Portal.Engine.Users;

namespace Portal.Web.Security.Oidc;

/// <summary>
/// Turns a person the provider vouched for into a signed-in Portal user: links (or creates) the
/// local account by the provider's subject, then re-applies teams and roles from the groups claim.
/// </summary>
/// <remarks>
/// The groups claim is the source of truth for linked accounts on every sign-in: memberships it no
/// longer grants are removed, and any change rotates the security stamp, so the person's other
/// sessions end as they do after an administrator changes a role. Accounts are linked by subject
/// only, never by a matching user name, so a provider cannot take over a local account.
/// </remarks>
public sealed class ExternalSignIn(
    UserManager<PortalUser> users, SignInManager<PortalUser> signIn, SingleSignOnAccess access, SignInAudit audit,
    IOptions<OidcSettings> options, TimeProvider time)
{
    /// <summary>Audit action of a sign-in through the provider.</summary>
    public const string AuditAction = "auth.sign-in.oidc";

    private const int MaxNameLength = 64;

    /// <summary>Signs the person in; returns why not (shown on the sign-in page), or null on success.</summary>
    public async Task<string?> SignInAsync(ClaimsPrincipal external, string? remote, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var subject = external.FindFirst("sub")?.Value ?? external.FindFirst(ClaimTypes.NameIdentifier)?.Value;
        var shownName = external.FindFirst("preferred_username")?.Value ?? external.FindFirst("name")?.Value
            ?? external.FindFirst("email")?.Value ?? subject ?? "";
        if (string.IsNullOrEmpty(subject))
        {
            await audit.RecordAsync(AuditAction, shownName, remote, false, "the provider sent no subject");
            return $"{settings.DisplayName} did not say who you are (no 'sub' claim).";
        }

        var groups = external.FindAll(settings.GroupsClaim).Select(c => c.Value).ToList();
        var mapped = GroupMapping.Apply(settings.Grants, groups);
        if (!mapped.GrantsAnything)
        {
            await audit.RecordAsync(AuditAction, shownName, remote, false, $"no mapped group (groups: {Shorten(string.Join(",", groups))})");
            return $"Your {settings.DisplayName} account is in no group that Portal maps to a team, so you cannot sign in here. Ask an administrator to map one of your groups.";
        }

        var user = await users.FindByLoginAsync(OidcSettings.Scheme, subject) ?? await CreateAsync(subject, shownName, settings);
        if (user is null)
        {
            await audit.RecordAsync(AuditAction, shownName, remote, false, "could not create the local account");
            return "Portal could not create your account; an administrator can see why in the log.";
        }

        if (user.Disabled)
        {
            await audit.RecordAsync(AuditAction, user.UserName ?? shownName, remote, false, "account disabled");
            return "This account is disabled.";
        }

        var changes = await access.ApplyAsync(user, mapped.Teams, mapped.IsAdmin, cancellationToken);
        await signIn.SignInAsync(user, isPersistent: false, authenticationMethod: OidcSettings.Scheme);
        await audit.RecordAsync(AuditAction, user.UserName ?? shownName, remote, true,
            changes.Count == 0 ? "access unchanged" : "access changed: " + Shorten(string.Join(", ", changes)));
        return null;
    }

    private async Task<PortalUser?> CreateAsync(string subject, string shownName, OidcSettings settings)
    {
        var baseName = UserNameFrom(shownName);
        for (var n = 1; n <= 50; n++)
        {
            var name = n == 1 ? baseName : $"{baseName}-{n}";
            if (await users.FindByNameAsync(name) is not null)
            {
                continue;
            }

            var user = new PortalUser { UserName = name, CreatedAt = time.GetUtcNow().UtcDateTime };
            var created = await users.CreateAsync(user);
            if (!created.Succeeded)
            {
                return null;
            }

            var linked = await users.AddLoginAsync(user, new UserLoginInfo(OidcSettings.Scheme, subject, settings.DisplayName));
            if (!linked.Succeeded)
            {
                await users.DeleteAsync(user);
                return null;
            }

            return user;
        }

        return null;
    }

    /// <summary>A user name made of the characters Portal allows (letters, digits, <c>-._@</c>).</summary>
    internal static string UserNameFrom(string shown)
    {
        var chars = shown.Trim().Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '@' ? c : '-').ToArray();
        var name = new string(chars).Trim('-');
        name = name.Length > MaxNameLength ? name[..MaxNameLength] : name;
        return name.Length == 0 ? "sso-user" : name;
    }

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + "…" : text;
}
