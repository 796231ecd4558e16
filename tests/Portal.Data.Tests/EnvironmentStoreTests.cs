using Microsoft.EntityFrameworkCore;
using Portal.Data.Entities;
using Portal.Data.Stores;

namespace Portal.Data.Tests;

/// <summary>Environments (endpoint rows) with their grants and the rows recorded for them.</summary>
public sealed class EnvironmentStoreTests : DatabaseTestBase
{
    private EndpointStore Endpoints => new(Database.Factory, Time);

    private EnvironmentGrantStore Grants => new(Database.Factory);

    [Fact]
    public async Task Add_NameTaken_FalseAndNothingStored()
    {
        Assert.True(await Endpoints.AddAsync(new EngineEndpoint { Name = "prod", Uri = "unix:///run/prod.sock" }, Token));

        Assert.False(await Endpoints.AddAsync(new EngineEndpoint { Name = "prod", Uri = "unix:///run/other.sock" }, Token));

        var only = Assert.Single(await Endpoints.ListAsync(Token));
        Assert.Equal("unix:///run/prod.sock", only.Uri);
        Assert.Equal(Start.UtcDateTime, only.CreatedAt);
    }

    [Fact]
    public async Task Update_WritesFields_AndRefusesAnotherRowsName()
    {
        var prod = new EngineEndpoint { Name = "prod", Uri = "unix:///run/prod.sock" };
        await Endpoints.AddAsync(prod, Token);
        await Endpoints.AddAsync(new EngineEndpoint { Name = "staging", Uri = "unix:///run/staging.sock" }, Token);

        prod.Kind = EnvironmentKind.TcpTls;
        prod.Uri = "tcp://10.0.0.5:2376";
        prod.Labels = "prod,eu";
        Assert.True(await Endpoints.UpdateAsync(prod, Token));
        prod.Name = "staging";
        Assert.False(await Endpoints.UpdateAsync(prod, Token));

        var stored = await Endpoints.FindAsync("prod", Token);
        Assert.Equal(EnvironmentKind.TcpTls, stored!.Kind);
        Assert.Equal("tcp://10.0.0.5:2376", stored.Uri);
        Assert.Equal("prod,eu", stored.Labels);
        Assert.Equal(Start.UtcDateTime, stored.UpdatedAt);
    }

    [Fact]
    public async Task Delete_RemovesItsGrantsPolicyAndCatalogRows_AndNothingOfAnother()
    {
        var gone = new EngineEndpoint { Name = "gone", Uri = "unix:///run/gone.sock" };
        var kept = new EngineEndpoint { Name = "kept", Uri = "unix:///run/kept.sock" };
        await Endpoints.AddAsync(gone, Token);
        await Endpoints.AddAsync(kept, Token);
        await new TeamStore(Database.Factory, Time).CreateAsync("web", null, Token);
        foreach (var endpoint in new[] { gone, kept })
        {
            Assert.True(await Grants.SetAsync("web", endpoint.Id, TeamRole.Operator, Token));
            await using var db = await Database.Factory.CreateDbContextAsync(Token);
            db.Containers.Add(new CatalogContainer { EndpointId = endpoint.Id, ContainerId = "c" + endpoint.Id, Name = "c" });
            db.Images.Add(new CatalogImage { EndpointId = endpoint.Id, ImageId = "sha256:" + endpoint.Id });
            db.Networks.Add(new CatalogNetwork { EndpointId = endpoint.Id, NetworkId = "n" + endpoint.Id, Name = "n" });
            db.Volumes.Add(new CatalogVolume { EndpointId = endpoint.Id, Name = "v" });
            db.Policies.Add(new PolicyDocument { EndpointId = endpoint.Id, Json = "{}" });
            await db.SaveChangesAsync(Token);
        }

        Assert.True(await Endpoints.DeleteAsync(gone.Id, Token));
        Assert.False(await Endpoints.DeleteAsync(gone.Id, Token));

        await using var check = await Database.Factory.CreateDbContextAsync(Token);
        Assert.Equal(["kept"], await check.Endpoints.Select(e => e.Name).ToListAsync(Token));
        foreach (var rows in new IQueryable<int>[]
        {
            check.Containers.Select(r => r.EndpointId), check.Images.Select(r => r.EndpointId), check.Networks.Select(r => r.EndpointId),
            check.Volumes.Select(r => r.EndpointId), check.Policies.Select(r => r.EndpointId), check.EnvironmentGrants.Select(r => r.EndpointId),
        })
        {
            Assert.Equal([kept.Id], await rows.ToListAsync(Token));
        }

        Assert.Equal(TeamRole.Operator, (await Grants.ForEnvironmentAsync(kept.Id, Token))["web"]);
    }

    [Fact]
    public async Task Stacks_NamesUpToTake_AndCountsAll()
    {
        var endpoint = new EngineEndpoint { Name = "prod", Uri = "unix:///run/prod.sock" };
        await Endpoints.AddAsync(endpoint, Token);
        var stacks = new StackStore(Database.Factory, Time);
        foreach (var name in new[] { "c", "a", "b" })
        {
            await stacks.CreateAsync(new Stack { EndpointId = endpoint.Id, Name = name, CreatedBy = "test" }, null, Token);
        }

        var (names, count) = await Endpoints.StacksAsync(endpoint.Id, 2, Token);

        Assert.Equal(["a", "b"], names);
        Assert.Equal(3, count);
    }

    [Fact]
    public async Task Grants_SetChangeListAndRemove()
    {
        var endpoint = new EngineEndpoint { Name = "prod", Uri = "unix:///run/prod.sock" };
        await Endpoints.AddAsync(endpoint, Token);
        await new TeamStore(Database.Factory, Time).CreateAsync("web", null, Token);

        Assert.True(await Grants.SetAsync("web", endpoint.Id, TeamRole.Operator, Token));
        Assert.True(await Grants.SetAsync("web", endpoint.Id, TeamRole.Viewer, Token));
        Assert.False(await Grants.SetAsync("nope", endpoint.Id, TeamRole.Viewer, Token));

        Assert.Equal(TeamRole.Viewer, Assert.Single(await Grants.ForEnvironmentAsync(endpoint.Id, Token)).Value);
        Assert.True(await Grants.RemoveAsync("web", endpoint.Id, Token));
        Assert.False(await Grants.RemoveAsync("web", endpoint.Id, Token));
        Assert.Empty(await Grants.ForEnvironmentAsync(endpoint.Id, Token));
    }
}
