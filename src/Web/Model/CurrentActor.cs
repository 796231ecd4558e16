using Microsoft.AspNetCore.Components.Authorization;
using Portal.Engine.Pipeline;
using Portal.Web.Security;

namespace Portal.Web.Model;

/// <summary>
/// The signed-in user of a Blazor circuit as an Engine <see cref="Actor"/>, rebuilt on each call so role changes apply at once,
/// narrowed to the page's environment (<see cref="CurrentEnvironment"/>): an environment none of their teams is granted is not found.
/// </summary>
public sealed class CurrentActor(AuthenticationStateProvider auth, ActorFactory factory, CurrentEnvironment environment)
{
    public async Task<Actor> GetAsync(CancellationToken cancellationToken = default)
    {
        var state = await auth.GetAuthenticationStateAsync();
        var actor = await factory.FromPrincipalAsync(state.User, cancellationToken)
            ?? throw OperationFailedException.Forbidden("You are signed out; sign in again.");
        return (await environment.OpenAsync(actor, cancellationToken)).Actor;
    }
}
