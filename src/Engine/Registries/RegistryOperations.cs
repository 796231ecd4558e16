using Docker.DotNet.Models;
using Portal.Data.Entities;
using Portal.Data.Stores;
using Portal.Engine.Pipeline;
using Portal.Engine.Runner;
using Actor = Portal.Engine.Pipeline.Actor;

namespace Portal.Engine.Registries;

/// <summary>Stored registries through the pipeline (access → store → audit), and the logins pull and push use.</summary>
public sealed class RegistryOperations(OperationRunner runner, RegistryStore store, ISecretProtector protector) : IRegistryOperations
{
    /// <summary>How long "test connection" waits for the registry.</summary>
    public static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(10);

    // One client for every test: a handler per call would leak sockets. No cookies, no redirects
    // to follow with our credentials to another host.
    private static readonly HttpClient s_http = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { Timeout = TestTimeout };

    public async Task<IReadOnlyList<RegistryInfo>> ListAsync(Actor actor, CancellationToken cancellationToken) =>
        (await store.ListAsync(cancellationToken).ConfigureAwait(false)).Where(r => CanUse(actor, r)).Select(ToInfo).ToList();

    public Task<RegistryInfo> CreateAsync(Actor actor, RegistryCreateRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return runner.RunAsync(actor, "registry.create", request.Name?.Trim() ?? "", async (ctx, ct) =>
        {
            var team = string.IsNullOrWhiteSpace(request.Team) ? null : request.Team.Trim();
            ctx.Team = team;
            EnsureMayManage(actor, team);
            var name = request.Name?.Trim() ?? "";
            if (name.Length is 0 or > 100)
            {
                throw OperationFailedException.Invalid("Give the registry a name (up to 100 characters).");
            }

            var (url, host) = RegistryHosts.ParseUrl(request.Url);
            var entity = new RegistryCredential
            {
                Name = name,
                Url = url,
                Host = host,
                UserName = string.IsNullOrWhiteSpace(request.UserName) ? null : request.UserName.Trim(),
                SecretCipher = string.IsNullOrEmpty(request.Secret) ? null : protector.Protect(request.Secret),
                Team = team,
                CreatedBy = actor.UserName,
            };
            if (!await store.AddAsync(entity, ct).ConfigureAwait(false))
            {
                // Names are per team: only the caller's own team (or the registries for everyone) can hold one.
                throw OperationFailedException.Conflict(team is null
                    ? $"A registry for everyone named '{name}' already exists."
                    : $"Team '{team}' already has a registry named '{name}'.");
            }

            // The detail names the host and login, never the secret.
            ctx.Detail = $"{host} as {entity.UserName ?? "anonymous"}";
            return ToInfo(entity);
        }, cancellationToken);
    }

    public Task DeleteAsync(Actor actor, int id, CancellationToken cancellationToken) =>
        runner.RunAsync(actor, "registry.delete", $"registry {id}", async (ctx, ct) =>
        {
            var registry = await FindAsync(actor, id, ct).ConfigureAwait(false);
            ctx.Target = registry.Name;
            ctx.Team = registry.Team;
            EnsureMayManage(actor, registry.Team);
            await store.RemoveAsync(id, ct).ConfigureAwait(false);
        }, cancellationToken);

    public async Task<RegistryTestResult> TestAsync(Actor actor, int id, CancellationToken cancellationToken)
    {
        var registry = await FindAsync(actor, id, cancellationToken).ConfigureAwait(false);
        return await RegistryLoginProbe.TestAsync(s_http, registry.Url, registry.Host, registry.UserName,
            registry.UserName is null ? null : SecretOf(registry), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The login for <paramref name="host"/> from a registry the actor may use: <paramref name="team"/>'s own
    /// first, then the actor's other teams', then everyone's; an empty <see cref="AuthConfig"/> when there is
    /// none (the engine wants one, not null). Another team's registries are never candidates, however they are named.
    /// </summary>
    public async Task<AuthConfig> AuthForAsync(Actor actor, string host, string? team, CancellationToken cancellationToken)
    {
        var match = (await store.ListAsync(cancellationToken).ConfigureAwait(false))
            .Where(r => CanUse(actor, r) && string.Equals(r.Host, host, StringComparison.OrdinalIgnoreCase))
            .OrderBy(r => r.Team is null ? 2 : string.Equals(r.Team, team, StringComparison.OrdinalIgnoreCase) ? 0 : 1)
            .ThenBy(r => r.Id)
            .FirstOrDefault();
        return LoginOf(match);
    }

    /// <summary>The stored login of <paramref name="registry"/> (found for the actor by <see cref="FindAsync"/>); empty when it has none.</summary>
    public AuthConfig LoginOf(RegistryCredential? registry) =>
        registry?.UserName is null ? new AuthConfig() : new AuthConfig { Username = registry.UserName, Password = SecretOf(registry), ServerAddress = registry.Host };

    /// <summary>The registry if the actor may use it, otherwise not-found (another team's registry does not exist to them).</summary>
    public async Task<RegistryCredential> FindAsync(Actor actor, int id, CancellationToken cancellationToken)
    {
        var registry = await store.FindAsync(id, cancellationToken).ConfigureAwait(false);
        return registry is not null && CanUse(actor, registry) ? registry : throw OperationFailedException.NotFound("registry", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static bool CanUse(Actor actor, RegistryCredential registry) => registry.Team is null || actor.CanSee(registry.Team);

    private static void EnsureMayManage(Actor actor, string? team)
    {
        if (team is null ? !actor.IsAdmin || actor.ReadOnly : !actor.CanOperate(team))
        {
            throw OperationFailedException.Forbidden(team is null
                ? "Only administrators add or remove registries for everyone; choose your team."
                : $"You need operator rights on team '{team}' to manage its registries.");
        }
    }

    private string SecretOf(RegistryCredential registry) => registry.SecretCipher is null ? "" : protector.Unprotect(registry.SecretCipher);

    private static RegistryInfo ToInfo(RegistryCredential r) =>
        new(r.Id, r.Name, r.Url, r.Host, r.UserName, r.SecretCipher is not null, r.Team, r.CreatedBy, r.CreatedAt);
}
