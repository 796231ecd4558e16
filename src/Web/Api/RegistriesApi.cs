using Microsoft.AspNetCore.Mvc;
using Portal.Engine.Registries;

namespace Portal.Web.Api;

/// <summary><c>/api/v1/registries</c>: stored registry logins (list, create, delete, test). Secrets go in, never out.</summary>
public static class RegistriesApi
{
    public static RouteGroupBuilder MapRegistriesApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/registries").WithTags("Registries");

        group.MapGet("/", async (HttpContext http, IRegistryOperations ops) =>
            TypedResults.Ok(await ops.ListAsync(await http.GetActorAsync(), http.RequestAborted)))
            .WithSummary("Registries the caller may use: everyone's and their teams' (admins: all). Secrets are never returned.");

        group.MapPost("/", async (HttpContext http, IRegistryOperations ops, [FromBody] RegistryCreateRequest body) =>
        {
            var created = await ops.CreateAsync(await http.GetActorAsync(), body, http.RequestAborted);
            return TypedResults.Created($"/api/v1/registries/{created.Id}", created);
        }).WithSummary("Add a registry (name, url, userName, secret, team). No team: for everyone (admins only).");

        group.MapDelete("/{id:int}", async (HttpContext http, IRegistryOperations ops, int id) =>
        {
            await ops.DeleteAsync(await http.GetActorAsync(), id, http.RequestAborted);
            return TypedResults.NoContent();
        }).WithSummary("Remove a registry.");

        group.MapPost("/{id:int}/test", async (HttpContext http, IRegistryOperations ops, int id) =>
            TypedResults.Ok(await ops.TestAsync(await http.GetActorAsync(), id, http.RequestAborted)))
            .WithMetadata(new Hubs.AllowReadOnlyAttribute())
            .WithSummary("Test connection: GET <registry>/v2/ with the stored login; status ok, unauthorized, unreachable or error.");

        return api;
    }
}
