using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Portal.Data.Entities;
using Portal.Engine.Audit;
using Portal.Engine.Pipeline;
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
    IOptions<OidcSettings> options)
{
    /// <summary>Audit action of a sign-in through the provider.</summary>
    public const string AuditAction = "auth.sign-in.oidc";

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

        var user = await users.FindByLoginAsync(OidcSettings.Scheme, subject) ?? await CreateAsync(subject, shownName, settings, cancellationToken);
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

    /// <summary>Creates the linked account through its Engine operation (audited as <c>user.create</c>); null when that failed.</summary>
    private async Task<PortalUser?> CreateAsync(string subject, string shownName, OidcSettings settings, CancellationToken cancellationToken)
    {
        try
        {
            return await access.CreateUserAsync(new UserLoginInfo(OidcSettings.Scheme, subject, settings.DisplayName), shownName, settings.DisplayName, cancellationToken);
        }
        catch (OperationFailedException)
        {
            // The user.create entry says why; the sign-in's entry says it was refused.
            return null;
        }
    }

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + "…" : text;
}
