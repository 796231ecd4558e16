using System.Globalization;
using System.Threading.RateLimiting;
using Portal.Web.Configuration;

namespace Portal.Web.Security;

/// <summary>
/// Per-address limit on sign-in and token endpoints (ASP.NET Core's rate limiter): a fixed
/// window of <see cref="WebOptions.SignInRateLimit"/> requests a minute per remote address,
/// then 429 with a message and <c>Retry-After</c>. Account lockout covers one account; this
/// covers one address trying many accounts.
/// </summary>
public static class SignInRateLimits
{
    /// <summary>Name of the policy the sign-in and token endpoints use.</summary>
    public const string Policy = "sign-in";

    /// <summary>Length of the window.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    /// <summary>Text of the 429 answer.</summary>
    public const string Message = "Too many sign-in or token requests from your address; wait a minute and try again.";

    public static IServiceCollection AddSignInRateLimits(this IServiceCollection services) => services.AddRateLimiter(o =>
    {
        o.AddPolicy(Policy, context =>
        {
            var limit = context.RequestServices.GetRequiredService<WebOptions>().SignInRateLimit;
            var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            return RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = limit,
                Window = Window,
                QueueLimit = 0,
            });
        });
        o.OnRejected = async (context, cancellationToken) =>
        {
            var response = context.HttpContext.Response;
            response.StatusCode = StatusCodes.Status429TooManyRequests;
            var retry = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : Window;
            response.Headers.RetryAfter = ((int)Math.Ceiling(retry.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests", detail: Message)
                .ExecuteAsync(context.HttpContext);
        };
    });
}
