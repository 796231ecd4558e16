using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Entities;
using Portal.Data.Stores;
using Portal.Engine.Docker;
using Portal.Engine.Pipeline;
using Portal.IntegrationTests.Api;
using Portal.TestSupport;

namespace Portal.IntegrationTests.Environments;

/// <summary>The run's namespaced <c>dockerd</c> as an environment of an <see cref="ApiFixture"/>'s Portal.</summary>
internal static class NetnsEnvironment
{
    /// <summary>
    /// Starts the daemon if a test stopped it, adds it as <paramref name="name"/> once per Portal (made by the
    /// production factory, so its request timeout and reconnect are what people get), grants team A there as
    /// operators and waits until it is connected.
    /// </summary>
    public static async Task<EnvironmentEngine> EnsureAsync(ApiFixture fx, NetnsEngineFixture netns, string name, CancellationToken ct)
    {
        await netns.StartAsync(ct);
        var services = fx.Factory.Services;
        var engines = services.GetRequiredService<Engines>();
        if (!engines.TryGet(name, out var engine))
        {
            var id = await services.GetRequiredService<EndpointStore>().EnsureAsync(name, netns.Endpoint.ToString(), ct);
            await services.GetRequiredService<EnvironmentGrantStore>().SetAsync(fx.TeamA, id, TeamRole.Operator, ct);
            engine = engines.Add(new EngineEnvironment(id, name), services.GetRequiredService<EngineConnectionFactory>().Create(
                new EnvironmentDefinition(name, EnvironmentKind.Socket, netns.Endpoint.ToString())));
        }

        await Poll.UntilAsync(_ => Task.FromResult(engine.Status.IsConnected), $"environment '{name}' to connect", ct, TimeSpan.FromSeconds(30));
        return engine;
    }
}
