using Portal.Engine.Pipeline;
using Portal.Engine.Users;
using Portal.Web.Security;

namespace Portal.Web.Recovery;

/// <summary>
/// Reads the host administration protocol's commands and runs the Engine's
/// <see cref="UserRecovery"/> operations for the caller's actor (<c>host:uid=N</c>), so each use
/// is audited like every other change.
/// </summary>
public sealed class RecoveryCommands(UserRecovery recovery)
{
    /// <summary>Names of the commands, for <c>help</c>.</summary>
    public static readonly IReadOnlyList<string> Names = ["reset-password", "create-admin", "revoke-tokens", "disable-totp", "help"];

    public async Task<RecoveryResponse> RunAsync(uint uid, RecoveryRequest request, CancellationToken cancellationToken)
    {
        var actor = ActorFactory.ForHost(uid, trusted: true);
        try
        {
            var result = request.Command switch
            {
                "reset-password" => await recovery.ResetPasswordAsync(actor, Required(request.User), request.Password, cancellationToken),
                "create-admin" => await recovery.EnsureAdministratorAsync(actor, Required(request.User), request.Password, cancellationToken),
                "revoke-tokens" => await recovery.RevokeTokensAsync(actor, request.User, cancellationToken),
                "disable-totp" => await recovery.DisableTwoFactorAsync(actor, Required(request.User), cancellationToken),
                "help" => new RecoveryResult("Commands: " + string.Join(", ", Names)),
                _ => null,
            };
            return result is null
                ? new RecoveryResponse(false, $"Unknown command '{request.Command}'. Commands: {string.Join(", ", Names)}")
                : new RecoveryResponse(true, result.Message, result.Password);
        }
        catch (OperationFailedException ex)
        {
            return new RecoveryResponse(false, ex.Message);
        }
    }

    /// <summary>Audits a refused caller (neither root nor Portal's own user) through the pipeline.</summary>
    public async Task RefuseAsync(PeerCredentials peer, CancellationToken cancellationToken)
    {
        try
        {
            await recovery.ConnectAsync(ActorFactory.ForHost(peer.UserId, trusted: false),
                $"pid {peer.ProcessId}: only root or the user Portal runs as is served", cancellationToken);
        }
        catch (OperationFailedException)
        {
            // Expected: the refusal is the audit entry; the caller is answered by the socket service.
        }
    }

    private static string Required(string? user) =>
        string.IsNullOrWhiteSpace(user) ? throw OperationFailedException.Invalid("Name the user.") : user.Trim();
}
