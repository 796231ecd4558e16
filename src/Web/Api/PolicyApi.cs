using Microsoft.AspNetCore.Mvc;
using Portal.Engine.Admission;
using Portal.Engine.Policy;
using Portal.Engine.Quotas;
using Portal.Engine.Teams;
using Portal.Engine.Users;

namespace Portal.Web.Api;

/// <summary>Body of <c>PUT /api/v1/teams/{team}/quota</c>; a missing or null limit is unlimited.</summary>
public sealed record QuotaRequest(int? MaxContainers, long? MaxMemoryBytes, double? MaxCpus, int? MaxVolumes);

/// <summary>Admission settings, team quotas and per-team permissions.</summary>
public static class PolicyApi
{
    public static RouteGroupBuilder MapPolicyApi(this RouteGroupBuilder api)
    {
        api.MapGet("/settings/policy", async (HttpContext http, PolicyOperations policy) =>
            TypedResults.Ok(await policy.GetAsync(await http.GetActorAsync(), http.RequestAborted)))
            .WithTags("Settings").WithSummary("Admin: the admission policy in force.");

        api.MapPut("/settings/policy", async (HttpContext http, PolicyOperations policy, [FromBody] PolicySettings body) =>
            TypedResults.Ok(await policy.SetAsync(await http.GetActorAsync(), body, http.RequestAborted)))
            .WithTags("Settings").WithSummary("Admin: replace the admission policy; it applies at once.");

        api.MapGet("/teams/{team}/quota", async (HttpContext http, QuotaOperations quotas, string team) =>
            TypedResults.Ok(await quotas.GetAsync(await http.GetActorAsync(), team, http.RequestAborted)))
            .WithTags("Teams").WithSummary("The team's quota and its current use (members and admins).");

        api.MapPut("/teams/{team}/quota", async (HttpContext http, QuotaOperations quotas, string team, [FromBody] QuotaRequest body) =>
        {
            var limits = new TeamQuotaLimits(body.MaxContainers, body.MaxMemoryBytes, body.MaxCpus is { } cpus ? (long)Math.Round(cpus * 1e9) : null, body.MaxVolumes);
            return TypedResults.Ok(await quotas.SetAsync(await http.GetActorAsync(), team, limits, http.RequestAborted));
        }).WithTags("Teams").WithSummary("Admin: set the team's quota (containers, memory bytes, CPUs, volumes; null is unlimited).");

        api.MapPut("/users/{user}/teams/{team}", async (HttpContext http, UserOperations users, string user, string team, [FromBody] MembershipRequest body) =>
            TypedResults.Ok(await users.SetMembershipAsync(await http.GetActorAsync(), user, team, body, http.RequestAborted)))
            .WithTags("Users").WithSummary("Admin: a member's role in a team and the 'may exec' and 'may see environment values' permissions.");
        return api;
    }
}
