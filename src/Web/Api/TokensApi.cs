using Microsoft.AspNetCore.Mvc;
using Portal.Engine.Tokens;
using Portal.Web.Security;

namespace Portal.Web.Api;

/// <summary>Body of <c>POST /api/v1/tokens</c>.</summary>
public sealed record CreateTokenRequest(string? Name, int? ExpiresInDays, bool? ReadOnly);

/// <summary>A newly issued token; the secret is shown only this once.</summary>
public sealed record TokenResponse(int Id, string Token, string Name, bool ReadOnly, DateTime? ExpiresAt);

/// <summary><c>/api/v1/tokens</c>: the caller's personal access tokens.</summary>
public static class TokensApi
{
    public static RouteGroupBuilder MapTokensApi(this RouteGroupBuilder api)
    {
        var tokens = api.MapGroup("/tokens").WithTags("Tokens");

        tokens.MapPost("", async (HttpContext http, TokenOperations operations, [FromBody] CreateTokenRequest body) =>
        {
            var issued = await operations.CreateAsync(await http.GetActorAsync(), body.Name, body.ReadOnly ?? false, body.ExpiresInDays, http.RequestAborted);
            return TypedResults.Created($"/api/v1/tokens/{issued.Id}", From(issued));
        }).RequireRateLimiting(SignInRateLimits.Policy)
            .WithSummary("Create a personal access token for yourself; the secret is in this answer only.");

        tokens.MapGet("", async (HttpContext http, TokenOperations operations) =>
            TypedResults.Ok(await operations.ListAsync(await http.GetActorAsync(), http.RequestAborted)))
            .Produces<IReadOnlyList<TokenSummary>>()
            .WithSummary("Your tokens: name, created, expires, last used, read-only, revoked (never the secret).");

        tokens.MapDelete("/{id:int}", async (HttpContext http, TokenOperations operations, int id) =>
        {
            await operations.RevokeAsync(await http.GetActorAsync(), id, http.RequestAborted);
            return TypedResults.NoContent();
        }).WithSummary("Revoke one of your tokens (administrators: anyone's).");
        return api;
    }

    internal static TokenResponse From(IssuedToken issued) => new(issued.Id, issued.Token, issued.Name, issued.ReadOnly, issued.ExpiresAt);
}
