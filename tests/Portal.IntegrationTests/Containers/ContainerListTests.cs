using Portal.Engine.Containers;
using Portal.TestSupport;
using Xunit;

namespace Portal.IntegrationTests.Containers;

public sealed class ContainerListTests(EngineFixture fixture) : IntegrationTest(fixture)
{
    [Fact]
    public async Task List_AllStateTeamAndRemovedFilters_MatchEngineState()
    {
        var token = TestNames.Token();
        var (running, stopped, removed) = ($"{token}-running", $"{token}-stopped", $"{token}-removed");
        await Task.WhenAll(
            Fixture.Containers.RunAsync(Actors.OperatorA, Fixture.Sleeper(running), Token),
            Fixture.Containers.RunAsync(Actors.OperatorA, Fixture.Sleeper(stopped), Token),
            Fixture.Containers.RunAsync(Actors.OperatorA, Fixture.Sleeper(removed), Token));
        await Task.WhenAll(
            Fixture.Containers.StopAsync(Actors.OperatorA, stopped, 10, Token),
            Fixture.Containers.RemoveAsync(Actors.OperatorA, removed, force: true, Token));

        await EventuallyAsync(async ct =>
        {
            Assert.Equal([running], await NamesAsync(new ContainerListRequest { Text = token }, ct));
            Assert.Equal([running, stopped], await NamesAsync(new ContainerListRequest { Text = token, All = true }, ct));
            Assert.Equal([stopped], await NamesAsync(new ContainerListRequest { Text = token, All = true, State = "exited" }, ct));
            Assert.Equal([running, stopped], await NamesAsync(new ContainerListRequest { Text = token.ToUpperInvariant(), All = true, Team = Actors.TeamA }, ct));
            Assert.Empty(await NamesAsync(new ContainerListRequest { Text = token, All = true, Team = Actors.TeamB }, ct));
            Assert.Equal([removed], await NamesAsync(new ContainerListRequest { Text = token, Removed = true }, ct));
            Assert.Equal([stopped, running], await NamesAsync(new ContainerListRequest { Text = token, All = true, Descending = true }, ct));
        });
    }

    [Fact]
    public async Task List_Paging_TotalCountsEveryMatch()
    {
        var token = TestNames.Token();
        var names = Enumerable.Range(0, 3).Select(i => $"{token}-{i}").ToList();
        await Task.WhenAll(names.Select(n => Fixture.Containers.RunAsync(Actors.OperatorA, Fixture.Sleeper(n), Token)));

        await EventuallyAsync(async ct =>
        {
            var page = await Fixture.Containers.ListAsync(Actors.OperatorA, new ContainerListRequest { Text = token, Skip = 1, Take = 1 }, ct);

            Assert.Equal(3, page.Total);
            Assert.Equal(names[1], Assert.Single(page.Items).Name);
        });
    }

    private async Task<List<string>> NamesAsync(ContainerListRequest request, CancellationToken ct) =>
        (await Fixture.Containers.ListAsync(Actors.OperatorA, request, ct)).Items.Select(c => c.Name).ToList();
}
