namespace Portal.Web.Security;

/// <summary>
/// Refuses every state-changing HTTP request (anything but GET, HEAD, OPTIONS) made with a
/// read-only token, before any endpoint runs. The Engine pipeline refuses read-only actors too;
/// this is the second wall, and it also covers endpoints that do not reach the pipeline.
/// </summary>
public static class ReadOnlyGuard
{
    /// <summary>Message of the refusal, the same as the Engine's.</summary>
    public const string Message = "This access token is read-only.";

    public static IApplicationBuilder UseReadOnlyGuard(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.User.HasClaim(PortalRoles.ReadOnlyClaim, "true")
            && !(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method) || HttpMethods.IsOptions(context.Request.Method)))
        {
            await Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: Message).ExecuteAsync(context);
            return;
        }

        await next(context);
    });
}
