using System.Text.Json;
using Portal.Engine.Admission;
using Portal.Engine.Pipeline;
using Portal.Engine.Runner;

namespace Portal.Engine.Policy;

/// <summary>Reading and changing the admission settings: administrators only, every change audited.</summary>
public sealed class PolicyOperations(OperationRunner runner, PolicySettingsCache cache)
{
    public async Task<PolicySettings> GetAsync(Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        RequireAdmin(actor);
        return await cache.GetAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Validates, stores and puts <paramref name="settings"/> in force at once.</summary>
    public Task<PolicySettings> SetAsync(Actor actor, PolicySettings settings, CancellationToken cancellationToken) =>
        runner.RunAsync(actor, "policy.update", "admission policy", async (ctx, ct) =>
        {
            RequireAdmin(actor);
            ArgumentNullException.ThrowIfNull(settings);
            var normalized = settings.Normalize();
            await cache.SaveAsync(normalized, actor.UserName, ct).ConfigureAwait(false);
            var json = JsonSerializer.Serialize(normalized, PolicySettingsCache.Json);
            ctx.Detail = json.Length > 1500 ? json[..1500] + "…" : json;
            return normalized;
        }, cancellationToken);

    private static void RequireAdmin(Actor actor)
    {
        if (!actor.IsAdmin)
        {
            throw OperationFailedException.Forbidden("Only administrators read and change the admission policy.");
        }
    }
}
