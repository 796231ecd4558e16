using Portal.Engine.Docker;
using Portal.Engine.Pipeline;

namespace Portal.Web.Api;

/// <summary>
/// Enters the environment of a resource request for the whole request: <c>{env}</c> of
/// <c>/api/v1/environments/{env}/…</c>, or the local environment for the same routes without the
/// prefix. A middleware rather than an endpoint filter, because a filter's scope would end before a
/// streamed result (NDJSON, logs, downloads) runs; the environment must still be current then.
/// </summary>
/// <remarks>
/// The caller is narrowed to the environment (<see cref="Actor.In"/>) here, once; <see cref="HttpActorExtensions.GetActorAsync"/>
/// hands endpoints that actor. An environment none of the caller's teams is granted answers 404 with the
/// same words as an unknown one.
/// </remarks>
public static class RequestEnvironment
{
    /// <summary>The route value naming the environment.</summary>
    public const string RouteValue = "env";

    /// <summary>Marks an endpoint as working on one environment's engine.</summary>
    public static TBuilder InEnvironment<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(EnvironmentEndpoint.Instance);

    /// <summary>After routing and authorization: resolve, check, narrow and enter.</summary>
    public static IApplicationBuilder UseRequestEnvironment(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.GetEndpoint()?.Metadata.GetMetadata<EnvironmentEndpoint>() is null || http.User.Identity?.IsAuthenticated != true)
        {
            await next(http);
            return;
        }

        OpenedEnvironment opened;
        try
        {
            var actor = await HttpActorExtensions.LoadActorAsync(http);
            opened = await http.RequestServices.GetRequiredService<Engines>().OpenAsync(actor, http.GetRouteValue(RouteValue) as string, http.RequestAborted);
        }
        catch (OperationFailedException ex)
        {
            await ApiProblems.From(ex).ExecuteAsync(http);
            return;
        }

        http.Features.Set(opened);
        using (opened.Enter())
        {
            await next(http);
        }
    });

    /// <summary>
    /// An API address (<paramref name="path"/> under <c>/api/v1</c>) in the form the request used: under
    /// <c>/api/v1/environments/{env}</c> when it named its environment, so a Location header leads back there.
    /// </summary>
    public static string ApiPath(this HttpContext http, string path) =>
        "/api/v1" + (http.GetRouteValue(RouteValue) is string env ? "/environments/" + Uri.EscapeDataString(env) : "") + path;

    /// <summary>The request's environment and narrowed actor, when the endpoint works on one.</summary>
    public static OpenedEnvironment? Opened(this HttpContext http) => http.Features.Get<OpenedEnvironment>();

    private sealed class EnvironmentEndpoint
    {
        public static readonly EnvironmentEndpoint Instance = new();
    }
}
