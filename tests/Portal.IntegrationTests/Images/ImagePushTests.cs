using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Images;
using Portal.Engine.Images.Jobs;
using Portal.Engine.Pipeline;
using Portal.Engine.Registries;
using Portal.TestSupport;
using Xunit;

namespace Portal.IntegrationTests.Images;

/// <summary>Push through Portal to the loopback test registry, with stored registries and team scoping.</summary>
public sealed class ImagePushTests(EngineFixture fixture) : ImageTestBase(fixture)
{
    private IImageTransfers Transfers => Fixture.Host.Transfers;

    private IRegistryOperations Registries => Fixture.Host.Services.GetRequiredService<IRegistryOperations>();

    [Fact]
    public async Task Push_WithStoredRegistry_SucceedsAndIsAudited()
    {
        var repository = NewRepository(out var token);
        await CreateImageAsync(repository, "v1", Actors.TeamA);
        var registry = await Registries.CreateAsync(Actors.OperatorA,
            new RegistryCreateRequest { Name = "reg-" + token, Url = TestRegistry.Address, UserName = "user", Secret = "not-needed-" + token, Team = Actors.TeamA }, Token);

        var started = await Transfers.PushAsync(Actors.OperatorA, $"{repository}:v1", new ImagePushRequest(registry.Id, $"{repository}:v1"), Token);
        ImageJobSnapshot last = started;
        await foreach (var snapshot in Transfers.WatchAsync(Actors.OperatorA, started.Id, Token))
        {
            last = snapshot;
        }

        var target = $"{TestRegistry.Address}/{repository}:v1";
        Assert.True(last.State == ImageJobState.Succeeded, last.Error);
        Assert.Equal(target, last.Reference);
        Assert.NotEmpty(last.Layers);
        Assert.All(last.Layers, l => Assert.True(l.Done, $"{l.Id}: {l.Status}"));
        Assert.Contains(await Fixture.AuditAsync(target, Token), a => a.Action == "image.push" && a.Outcome == "succeeded" && a.Team == Actors.TeamA);
        Assert.Contains(await Fixture.AuditAsync(registry.Name, Token), a => a.Action == "registry.create" && !(a.Detail ?? "").Contains(token, StringComparison.Ordinal));
        Assert.DoesNotContain(Fixture.Host.Logs.Entries, e => e.Message.Contains("not-needed-" + token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Push_OtherTeamsImageOrRegistry_IsNotFound_ViewerForbidden()
    {
        var repository = NewRepository(out var token);
        await CreateImageAsync(repository, "a", Actors.TeamA);
        await CreateImageAsync(repository, "b", Actors.TeamB);
        var registryA = await Registries.CreateAsync(Actors.OperatorA,
            new RegistryCreateRequest { Name = "reg-" + token, Url = TestRegistry.Address, Team = Actors.TeamA }, Token);

        var foreignImage = await Assert.ThrowsAsync<OperationFailedException>(() =>
            Transfers.PushAsync(Actors.OperatorB, $"{repository}:a", new ImagePushRequest(null, $"{TestRegistry.Address}/{repository}:x"), Token));
        var foreignRegistry = await Assert.ThrowsAsync<OperationFailedException>(() =>
            Transfers.PushAsync(Actors.OperatorB, $"{repository}:b", new ImagePushRequest(registryA.Id, $"{repository}:y"), Token));
        var viewer = await Assert.ThrowsAsync<OperationFailedException>(() =>
            Transfers.PushAsync(Actors.ViewerA, $"{repository}:a", new ImagePushRequest(registryA.Id, $"{repository}:z"), Token));

        Assert.Equal(OperationOutcome.NotFound, foreignImage.Outcome);
        Assert.Equal(OperationOutcome.NotFound, foreignRegistry.Outcome);
        Assert.Equal(OperationOutcome.Forbidden, viewer.Outcome);
        Assert.DoesNotContain(await Registries.ListAsync(Actors.OperatorB, Token), r => r.Id == registryA.Id);
    }
}
