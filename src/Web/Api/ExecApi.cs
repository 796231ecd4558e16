using Microsoft.AspNetCore.Mvc;
using Portal.Engine.Exec;

namespace Portal.Web.Api;

/// <summary><c>POST /api/v1/containers/{idOrName}/exec</c>: a non-interactive <c>docker exec</c>.</summary>
public static class ExecApi
{
    public static RouteGroupBuilder MapExecApi(this RouteGroupBuilder api)
    {
        api.MapPost("/containers/{idOrName}/exec", async (HttpContext http, IExecOperations exec, string idOrName, [FromBody] ExecApiRequest body) =>
        {
            var request = body.ToRequest();
            var timeout = body.TimeoutSeconds is { } s and > 0 ? TimeSpan.FromSeconds(s) : (TimeSpan?)null;
            var result = await exec.RunAsync(await http.GetActorAsync(), idOrName, request, timeout, http.RequestAborted);
            return TypedResults.Ok(result);
        })
        .WithTags("Containers")
        .WithSummary("Run a command in a running container (docker exec without -it): stdout, stderr (1 MiB each, truncated with a note), exitCode.");
        return api;
    }
}
