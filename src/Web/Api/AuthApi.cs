using Microsoft.AspNetCore.Mvc;
using Portal.Engine.Tokens;
using Portal.Web.Security;

namespace Portal.Web.Api;

/// <summary>Body of <c>POST /api/v1/auth/token</c>.</summary>
/// <remarks><paramref name="Totp"/>: the current authenticator code, required when the account has two-factor sign-in on.</remarks>
public sealed record TokenRequest(string Username, string Password, string? Name, bool? ReadOnly, int? ExpiresInDays, string? Totp = null);

/// <summary><c>/api/v1/auth/token</c>: trade a password for a personal access token.</summary>
public static class AuthApi
{
    public static RouteGroupBuilder MapAuthApi(this RouteGroupBuilder api)
    {
        api.MapPost("/auth/token", async ([FromBody] TokenRequest request, PasswordSignInCheck signIn, TokenOperations tokens, HttpContext http) =>
        {
            var (actor, refusal) = await signIn.CheckAsync(request.Username, request.Password, request.Totp,
                http.Connection.RemoteIpAddress?.ToString(), http.RequestAborted);
            if (actor is null)
            {
                return refusal!;
            }

            var issued = await tokens.CreateAsync(actor, request.Name, request.ReadOnly ?? false, request.ExpiresInDays, http.RequestAborted);
            return Results.Ok(TokensApi.From(issued));
        }).AllowAnonymous().RequireRateLimiting(SignInRateLimits.Policy)
            .WithTags("Auth").WithSummary("Exchange user name and password (and the authenticator code as totp, when two-factor sign-in is on) for a personal access token (readOnly, expiresInDays optional).");
        return api;
    }
}
