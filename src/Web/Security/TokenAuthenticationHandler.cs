using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Portal.Data.Entities;
using Portal.Engine.Tokens;

namespace Portal.Web.Security;

/// <summary>Authenticates <c>Authorization: Bearer ptl_…</c> personal access tokens (checked once, then kept: <see cref="TokenSignInCache"/>).</summary>
public sealed class TokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    TokenOperations tokens,
    UserManager<PortalUser> users,
    TokenSignInCache signIns) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = Hubs.PortalHubs.BearerToken(Request);
        if (token is null)
        {
            return AuthenticateResult.NoResult();
        }

        var result = await signIns.GetAsync(token, () => CheckAsync(token));
        if (result.SignIn is not { } signIn)
        {
            return AuthenticateResult.Fail(result.Failure ?? "The access token is invalid, expired or revoked.");
        }

        var owner = signIn.Bearer;
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, owner.UserId),
            new(ClaimTypes.Name, owner.UserName),
            new(ActorFactory.TokenIdClaim, owner.TokenId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        claims.AddRange(signIn.Roles.Select(r => new Claim(ClaimTypes.Role, r)));
        if (owner.ReadOnly)
        {
            claims.Add(new Claim(PortalRoles.ReadOnlyClaim, "true"));
        }

        var identity = new ClaimsIdentity(claims, Scheme.Name, ClaimTypes.Name, ClaimTypes.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    private async Task<TokenSignInResult> CheckAsync(string token)
    {
        var owner = await tokens.AuthenticateAsync(token, Context.RequestAborted);
        if (owner is null)
        {
            return new TokenSignInResult(null, "The access token is invalid, expired or revoked.");
        }

        var user = await users.FindByIdAsync(owner.UserId);
        if (user is null || user.Disabled)
        {
            return new TokenSignInResult(null, "The account behind this token is disabled.");
        }

        return new TokenSignInResult(new TokenSignIn(owner, [.. await users.GetRolesAsync(user)]), null);
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}
