using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Portal.Web.Security;

/// <summary>
/// Re-checks a live Blazor circuit's user every few seconds: a disabled account, a removed account or
/// a rotated security stamp (password, role or membership change) ends the session; a page on its way through the
/// session renewal it asked for (<see cref="SessionRefreshTickets"/>) keeps its circuit until the browser leaves it.
/// </summary>
/// <remarks>The check is a lookup in <see cref="SessionStamps"/>, so a short interval costs nothing.</remarks>
internal sealed class PortalRevalidatingAuthenticationStateProvider(
    ILoggerFactory loggerFactory,
    IServiceScopeFactory scopeFactory,
    IOptions<IdentityOptions> options,
    SessionRefreshTickets tickets) : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromSeconds(5);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var stamps = scope.ServiceProvider.GetRequiredService<SessionStamps>();
        var user = authenticationState.User;
        var (userId, stamp) = (user.FindFirstValue(ClaimTypes.NameIdentifier), user.FindFirstValue(options.Value.ClaimsIdentity.SecurityStampClaimType));
        return await stamps.IsCurrentAsync(userId, stamp, cancellationToken)
            || (tickets.Holds(userId, stamp) && await stamps.GetAsync(userId!, cancellationToken) is { Disabled: false });
    }
}
