using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Entities;
using Portal.Data.Stores;
using Portal.Engine.Containers;
using Portal.Engine.Docker;
using Portal.Engine.Pipeline;
using Portal.TestSupport;
using Xunit;

namespace Portal.IntegrationTests.Events;

/// <summary>
/// The seam issue 17 plugs into: an environment added while Portal runs gets its own events loop and catalog rows,
/// and the same operations, called inside its scope, read and write that environment (catalog, audit) and
/// nothing of the local one. The second environment is the same daemon under another name, so nothing
/// new runs on the host; a Portal of its own (own SQLite file) keeps the shared one untouched.
/// </summary>
public sealed class EnvironmentAddedTests(DaemonFixture daemon) : IClassFixture<DaemonFixture>
{
    [Fact]
    public async Task EnvironmentAddedAtRuntime_IsWatchedAndOperationsInItsScopeUseIt()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await PortalEngineHost.StartAsync(daemon.Endpoint, ct);
        var engines = host.Services.GetRequiredService<Engines>();
        var actors = await TestActors.CreateAsync(host.Teams, ct);
        var name = "envadd-" + TestNames.Token();
        var id = await daemon.CreateContainerDirectlyAsync(name, ["sleep", "60"], start: false, ct);
        await Poll.UntilAsync(async c => await host.Catalog.FindContainerAsync(host.EndpointId, id, includeRemoved: false, c) is not null, "the local catalog row", ct);

        var secondName = "second-" + TestNames.Token();
        var secondId = await host.Services.GetRequiredService<EndpointStore>().EnsureAsync(secondName, daemon.Endpoint.ToString(), ct);
        var second = engines.Add(new EngineEnvironment(secondId, secondName), host.Services.GetRequiredService<EngineConnectionFactory>().Create(
            new EnvironmentDefinition(secondName, EnvironmentKind.Socket, daemon.Endpoint.ToString())));

        // Its own supervisor connects it and resyncs its catalog rows.
        await Poll.UntilAsync(async c => second.Status.IsConnected && await host.Catalog.FindContainerAsync(secondId, id, includeRemoved: false, c) is not null,
            "the added environment's first resync", ct, TimeSpan.FromSeconds(30));
        Assert.Same(second, engines.Get(secondName));
        Assert.NotEqual(host.EndpointId, secondId);

        using (engines.Use(secondName))
        {
            var listed = Assert.Single((await host.Containers.ListAsync(actors.Admin, new ContainerListRequest { All = true, Text = name }, ct)).Items);
            Assert.Equal(secondName, listed.Environment);
            await host.Containers.AssignTeamAsync(actors.Admin, name, actors.TeamA, ct);
        }

        // The write went to the added environment's rows, not the local one's.
        Assert.Equal(actors.TeamA, (await host.Catalog.FindContainerAsync(secondId, id, includeRemoved: false, ct))!.Team);
        Assert.Null((await host.Catalog.FindContainerAsync(host.EndpointId, id, includeRemoved: false, ct))!.Team);
        var local = Assert.Single((await host.Containers.ListAsync(actors.Admin, new ContainerListRequest { All = true, Text = name }, ct)).Items);
        Assert.Equal(engines.Local.Name, local.Environment);
        Assert.Null(local.Team);

        var audit = await host.Audit.QueryAsync(new AuditQuery { Target = name }, ct);
        var entry = Assert.Single(audit.Items);
        Assert.Equal(secondId, entry.EndpointId);
        Assert.Equal(OutcomeNames.Of(OperationOutcome.Succeeded), entry.Outcome);

        var unknown = Assert.Throws<OperationFailedException>(() => engines.Use("no-such-" + TestNames.Token()));
        Assert.Equal(OperationOutcome.NotFound, unknown.Outcome);
    }
}
