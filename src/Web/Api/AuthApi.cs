using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Portal.Data.Entities;
using Portal.Data.Stores;
using Portal.Engine.Pipeline;

namespace Portal.Web.Api;

/// <summary>Body of <c>POST /api/v1/auth/token</c>.</summary>
public sealed record TokenRequest(string Username, string Password, string? Name, bool? ReadOnly, int? ExpiresInDays);

/// <summary>A newly issued token; the secret is shown only this once.</summary>
public sealed record TokenResponse(int Id, string Token, DateTime? ExpiresAt);

/// <summary><c>/api/v1/auth/token</c>: trade a password for a personal access token.</summary>
public static class AuthApi
{
    public static RouteGroupBuilder MapAuthApi(this RouteGroupBuilder api)
    {
        api.MapPost("/auth/token", async ([FromBody] TokenRequest request, UserManager<PortalUser> users, TokenStore tokens,
            TimeProvider time, HttpContext http) =>
        {
            var user = await users.FindByNameAsync(request.Username ?? "");
            // One message for every failure, so the endpoint does not reveal which accounts exist.
            var refused = Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in failed",
                detail: "Wrong user name or password, or the account is locked or disabled.");
            if (user is null || user.Disabled)
            {
                return refused;
            }

            if (await users.IsLockedOutAsync(user))
            {
                return refused;
            }

            if (!await users.CheckPasswordAsync(user, request.Password ?? ""))
            {
                await users.AccessFailedAsync(user);
                return refused;
            }

            await users.ResetAccessFailedCountAsync(user);
            if (request.ExpiresInDays is < 1 or > 3650)
            {
                return ApiProblems.From(OperationFailedException.Invalid("expiresInDays must be between 1 and 3650."));
            }

            DateTime? expires = request.ExpiresInDays is { } days ? time.GetUtcNow().UtcDateTime.AddDays(days) : null;
            var name = string.IsNullOrWhiteSpace(request.Name) ? "api" : request.Name.Trim();
            var (id, token) = await tokens.CreateAsync(user.Id, name, request.ReadOnly ?? false, expires, http.RequestAborted);
            return Results.Ok(new TokenResponse(id, token, expires));
        }).AllowAnonymous().WithTags("Auth").WithSummary("Exchange user name and password for a personal access token.");
        return api;
    }
}
