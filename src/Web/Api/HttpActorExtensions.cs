using Portal.Engine.Pipeline;
using Portal.Web.Security;

namespace Portal.Web.Api;

/// <summary>Gets the <see cref="Actor"/> for an API request.</summary>
public static class HttpActorExtensions
{
    public static async Task<Actor> GetActorAsync(this HttpContext context)
    {
        var factory = context.RequestServices.GetRequiredService<ActorFactory>();
        // Endpoints require authorization, so a null actor here means the account vanished mid-request.
        return await factory.FromPrincipalAsync(context.User, context.RequestAborted)
            ?? throw OperationFailedException.Forbidden("Your account is no longer valid; sign in again.");
    }
}
