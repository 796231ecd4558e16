using Microsoft.AspNetCore.Components.Authorization;
using Portal.Engine.Pipeline;
using Portal.Web.Security;

namespace Portal.Web.Model;

/// <summary>The signed-in user of a Blazor circuit as an Engine <see cref="Actor"/>, rebuilt on each call so role changes apply at once.</summary>
public sealed class CurrentActor(AuthenticationStateProvider auth, ActorFactory factory)
{
    public async Task<Actor> GetAsync(CancellationToken cancellationToken = default)
    {
        var state = await auth.GetAuthenticationStateAsync();
        return await factory.FromPrincipalAsync(state.User, cancellationToken)
            ?? throw OperationFailedException.Forbidden("You are signed out; sign in again.");
    }
}
