using Portal.Engine.Pipeline;
using Portal.Web.Security;

namespace Portal.Web.Api;

/// <summary>Gets the <see cref="Actor"/> for an API request.</summary>
public static class HttpActorExtensions
{
    /// <summary>The caller; on a resource route, as the request's environment sees them (see <see cref="RequestEnvironment"/>).</summary>
    public static async Task<Actor> GetActorAsync(this HttpContext context) =>
        context.Opened()?.Actor ?? await LoadActorAsync(context);

    /// <summary>The caller with every team, not narrowed to any environment.</summary>
    internal static async Task<Actor> LoadActorAsync(HttpContext context)
    {
        var factory = context.RequestServices.GetRequiredService<ActorFactory>();
        // Endpoints require authorization, so a null actor here means the account vanished mid-request.
        return await factory.FromPrincipalAsync(context.User, context.RequestAborted)
            ?? throw OperationFailedException.Forbidden("Your account is no longer valid; sign in again.");
    }
}
