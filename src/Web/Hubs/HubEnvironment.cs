using System.Security.Claims;
using Microsoft.AspNetCore.SignalR;
using Portal.Engine.Docker;
using Portal.Engine.Pipeline;
using Portal.Web.Security;

namespace Portal.Web.Hubs;

/// <summary>
/// A hub call's environment: hub methods name it as an argument (null or empty: local, so clients
/// written before environments keep working). Unknown and not granted read the same.
/// </summary>
public sealed class HubEnvironment(ActorFactory actors, Engines engines)
{
    /// <summary>The environment and the caller as it sees them; failures reach the client as their message.</summary>
    public async Task<OpenedEnvironment> OpenAsync(ClaimsPrincipal? user, string? environment, CancellationToken cancellationToken)
    {
        var actor = user is null ? null : await actors.FromPrincipalAsync(user, cancellationToken);
        if (actor is null)
        {
            throw new HubException("Your account is no longer valid; sign in again.");
        }

        try
        {
            return await engines.OpenAsync(actor, environment, cancellationToken);
        }
        catch (OperationFailedException ex)
        {
            throw new HubException(ex.Message);
        }
    }
}
