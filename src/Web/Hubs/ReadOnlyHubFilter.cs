using Microsoft.AspNetCore.SignalR;
using Portal.Web.Security;

namespace Portal.Web.Hubs;

/// <summary>
/// Refuses hub calls from read-only tokens unless the method is marked <see cref="AllowReadOnlyAttribute"/>:
/// a hub that forgets the mark fails closed (refuses a reader) rather than open (lets a read-only token change things).
/// </summary>
public sealed class ReadOnlyHubFilter : IHubFilter
{
    public ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        if (IsReadOnly(invocationContext.Context) && !invocationContext.HubMethod.IsDefined(typeof(AllowReadOnlyAttribute), inherit: true))
        {
            throw new HubException(ReadOnlyGuard.Message);
        }

        return next(invocationContext);
    }

    private static bool IsReadOnly(HubCallerContext context) => context.User?.HasClaim(PortalRoles.ReadOnlyClaim, "true") == true;
}
