using Microsoft.Extensions.Logging;
using Portal.Data.Entities;
using Portal.Data.Stores;
using Portal.Engine.Logging;

namespace Portal.Engine.Audit;

/// <summary>
/// Audits sign-in attempts, which happen before there is an actor to run an operation for.
/// The entry names the user name as typed and the remote address; never the password.
/// </summary>
public sealed class SignInAudit(AuditStore audit, TimeProvider time, ILogger<SignInAudit> logger)
{
    /// <summary>Action of a browser sign-in.</summary>
    public const string SignIn = "auth.sign-in";

    /// <summary>Action of a password-for-token exchange.</summary>
    public const string TokenSignIn = "auth.token";

    /// <summary>Records one attempt; <paramref name="reason"/> says why it failed (null on success).</summary>
    public async Task RecordAsync(string action, string userName, string? remoteAddress, bool succeeded, string? reason)
    {
        var name = string.IsNullOrWhiteSpace(userName) ? "(empty)" : userName.Trim();
        name = name.Length > 200 ? name[..200] : name;
        var detail = $"from {remoteAddress ?? "unknown address"}" + (reason is null ? "" : $": {reason}");
        try
        {
            await audit.AppendAsync(new AuditEntry
            {
                Time = time.GetUtcNow().UtcDateTime,
                Actor = name,
                Action = action,
                Target = name,
                Outcome = succeeded ? "succeeded" : "forbidden",
                Detail = detail,
            }, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Log.AuditWriteFailed(logger, ex, action, name);
        }
    }
}
