using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Portal.Data.Stores;
using Portal.Engine.Docker;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Environments;

/// <summary>
/// At start, puts every stored environment but the configured one into <see cref="Engines"/> with its connection,
/// before Portal answers its first request; the events watcher then supervises each. The configured engine's
/// row is made by the watcher, as before.
/// </summary>
public sealed partial class StoredEnvironments(
    Engines engines,
    EndpointStore store,
    EngineConnectionFactory connections,
    EnvironmentDefinitions definitions,
    ILogger<StoredEnvironments> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var row in await store.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (row.Name == engines.Local.Name || engines.TryGet(row.Name, out _))
            {
                continue;
            }

            try
            {
                engines.Add(new EngineEnvironment(row.Id, row.Name), connections.Create(definitions.From(row)));
            }
            catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or OperationFailedException)
            {
                // Keys made by another Data Protection key ring: the environment needs its secrets entered again.
                LoadFailed(logger, ex, row.Name);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(180, LogLevel.Error, "Environment {Name} could not be loaded; edit it and enter its keys again")]
    private static partial void LoadFailed(ILogger logger, Exception exception, string name);
}
