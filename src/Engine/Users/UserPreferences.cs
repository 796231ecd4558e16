using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Portal.Data.Entities;
using Portal.Engine.Pipeline;
using Portal.Engine.Runner;

namespace Portal.Engine.Users;

/// <summary>
/// A person's own display choices, kept with their account (an Identity claim, so no schema change) and so the
/// same in every browser they sign in from. Today: the colour scheme. Each change is audited as <c>user.preference</c>.
/// </summary>
public sealed class UserPreferences(OperationRunner runner, UserManager<PortalUser> users)
{
    public const string ThemeClaim = "portal:theme";

    /// <summary>Follow the browser's <c>prefers-color-scheme</c> (the default).</summary>
    public const string System = "system";

    public const string Light = "light";

    public const string Dark = "dark";

    /// <summary>The actor's colour scheme: <see cref="System"/>, <see cref="Light"/> or <see cref="Dark"/>.</summary>
    public async Task<string> GetThemeAsync(Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        cancellationToken.ThrowIfCancellationRequested();
        var user = await users.FindByIdAsync(actor.UserId).ConfigureAwait(false);
        if (user is null)
        {
            return System;
        }

        var claims = await users.GetClaimsAsync(user).ConfigureAwait(false);
        var theme = claims.FirstOrDefault(c => c.Type == ThemeClaim)?.Value;
        return theme is Light or Dark ? theme : System;
    }

    /// <summary>Remembers the actor's colour scheme for their next visit from any browser.</summary>
    public Task SetThemeAsync(Actor actor, string theme, CancellationToken cancellationToken) =>
        runner.RunAsync(actor, "user.preference", actor?.UserName ?? "", async (ctx, ct) =>
        {
            ArgumentNullException.ThrowIfNull(actor);
            if (theme is not (System or Light or Dark))
            {
                throw OperationFailedException.Invalid($"Colour scheme '{theme}' is not one of {System}, {Light}, {Dark}.");
            }

            ctx.Detail = "theme " + theme;
            var user = await users.FindByIdAsync(actor.UserId).ConfigureAwait(false)
                ?? throw OperationFailedException.NotFound("user", actor.UserName);
            var existing = (await users.GetClaimsAsync(user).ConfigureAwait(false)).Where(c => c.Type == ThemeClaim).ToList();
            if (existing.Count > 0)
            {
                await users.RemoveClaimsAsync(user, existing).ConfigureAwait(false);
            }

            await users.AddClaimAsync(user, new Claim(ThemeClaim, theme)).ConfigureAwait(false);
        }, cancellationToken);
}
