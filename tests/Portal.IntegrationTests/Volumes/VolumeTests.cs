using System.Formats.Tar;
using Portal.Engine.Admission;
using Portal.Engine.Pipeline;
using Portal.Engine.Volumes;
using Portal.TestSupport;
using Xunit;

namespace Portal.IntegrationTests.Volumes;

public sealed class VolumeTests(EngineFixture fixture) : IntegrationTest(fixture)
{
    [Fact]
    public async Task Volume_WrittenByOneContainer_ReadByAnother_BrowsedAndDownloaded()
    {
        var vol = await CreateVolumeAsync(Actors.OperatorA, Actors.TeamA);
        var writer = TestNames.Unique("writer");
        var reader = TestNames.Unique("reader");
        await Fixture.Containers.RunAsync(Actors.OperatorA, Fixture.Request(writer, "sh", "-c",
            "mkdir -p /data/sub && echo hello-volume > /data/sub/greeting.txt && sleep 3600") with { Volumes = [$"{vol}:/data"], Team = Actors.TeamA }, Token);
        await Fixture.Containers.RunAsync(Actors.OperatorA, Fixture.Sleeper(reader) with { Volumes = [$"{vol}:/data:ro"], Team = Actors.TeamA }, Token);

        var read = await Poll.UntilAsync(async ct =>
        {
            var (exit, stdout, _) = await ContainerExec.RunAsync(Fixture.Daemon.Client, reader, ["cat", "/data/sub/greeting.txt"], ct);
            return exit == 0 ? stdout : null;
        }, $"{reader} reading what {writer} wrote", Token);
        Assert.Equal("hello-volume\n", read);

        var root = await Fixture.Volumes.BrowseAsync(Actors.ViewerA, vol, "/", Token);
        Assert.Contains(root.Entries, e => e is { Name: "sub", Kind: VolumeEntryKind.Directory, Path: "/sub" });
        var sub = await Fixture.Volumes.BrowseAsync(Actors.ViewerA, vol, "sub", Token);
        var file = Assert.Single(sub.Entries);
        Assert.Equal(("greeting.txt", VolumeEntryKind.File, 13L), (file.Name, file.Kind, file.Size));

        await using (var download = await Fixture.Volumes.DownloadAsync(Actors.ViewerA, vol, "/sub/greeting.txt", Token))
        {
            Assert.Equal("greeting.txt", download.FileName);
            using var text = new StreamReader(download.Content);
            Assert.Equal("hello-volume\n", await text.ReadToEndAsync(Token));
        }

        await using (var folder = await Fixture.Volumes.DownloadAsync(Actors.ViewerA, vol, "/sub", Token))
        {
            Assert.Equal("application/x-tar", folder.ContentType);
            var names = new List<string>();
            using var tar = new TarReader(folder.Content);
            while (await tar.GetNextEntryAsync(cancellationToken: Token) is { } entry)
            {
                names.Add(entry.Name);
            }

            Assert.Contains("sub/greeting.txt", names);
        }

        await FailsAsync(OperationOutcome.NotFound, () => Fixture.Volumes.BrowseAsync(Actors.OperatorA, vol, "/missing", Token));
        await FailsAsync(OperationOutcome.Invalid, () => Fixture.Volumes.BrowseAsync(Actors.OperatorA, vol, "/../etc", Token));

        var listed = Assert.Single(await Fixture.Volumes.ListAsync(Actors.OperatorA, Token), v => v.Name == vol);
        Assert.Equal([reader, writer], listed.UsedBy.Order(StringComparer.Ordinal));
        Assert.Null(listed.Mountpoint);
        var refused = await FailsAsync(OperationOutcome.Conflict, () => Fixture.Volumes.RemoveAsync(Actors.OperatorA, vol, Token));
        Assert.Contains(writer, refused.Message, StringComparison.Ordinal);
        Assert.Contains(reader, refused.Message, StringComparison.Ordinal);

        // No helper container outlives a browse or download.
        var helpers = await Fixture.Daemon.Client.Containers.ListContainersAsync(new Docker.DotNet.Models.ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["volume"] = new Dictionary<string, bool> { [vol] = true } },
        }, Token);
        Assert.Equal(2, helpers.Count);
    }

    [Fact]
    public async Task Volume_NonAdminWithBindDriverOptions_RefusedByRule()
    {
        var name = TestNames.Unique("bind");

        var ex = await FailsAsync(OperationOutcome.Forbidden, () => Fixture.Volumes.CreateAsync(Actors.OperatorA, new CreateVolumeRequest
        {
            Name = name,
            Team = Actors.TeamA,
            DriverOptions = new Dictionary<string, string> { ["type"] = "none", ["o"] = "bind", ["device"] = "/etc" },
            Labels = Fixture.Daemon.SessionLabels,
        }, Token));

        Assert.Equal(NoVolumeDriverOptionsRule.RuleName, ex.Rule);
        Assert.Contains("host", ex.Message, StringComparison.Ordinal);
        await FailsAsync(OperationOutcome.NotFound, () => Fixture.Volumes.GetAsync(Actors.Admin, name, Token));
        var audit = Assert.Single(await Fixture.AuditAsync(name, Token));
        Assert.Equal(("volume.create", "forbidden"), (audit.Action, audit.Outcome));
    }

    [Fact]
    public async Task Volume_OtherTeam_CannotSeeMountBrowseOrRemove()
    {
        var vol = await CreateVolumeAsync(Actors.OperatorA, Actors.TeamA);
        var name = TestNames.Unique("b-mount");

        Assert.DoesNotContain(await Fixture.Volumes.ListAsync(Actors.OperatorB, Token), v => v.Name == vol);
        await FailsAsync(OperationOutcome.NotFound, () => Fixture.Volumes.GetAsync(Actors.OperatorB, vol, Token));
        await FailsAsync(OperationOutcome.NotFound, () => Fixture.Volumes.BrowseAsync(Actors.OperatorB, vol, "/", Token));
        await FailsAsync(OperationOutcome.NotFound, () => Fixture.Volumes.RemoveAsync(Actors.OperatorB, vol, Token));
        await FailsAsync(OperationOutcome.NotFound, () => Fixture.Containers.RunAsync(Actors.OperatorB, Fixture.Sleeper(name) with { Team = Actors.TeamB, Volumes = [$"{vol}:/data"] }, Token));
        Assert.Empty(await Fixture.Daemon.FindSessionContainersAsync(name, Token));
        await FailsAsync(OperationOutcome.Forbidden, () => Fixture.Volumes.RemoveAsync(Actors.ViewerA, vol, Token));

        await Fixture.Volumes.RemoveAsync(Actors.OperatorA, vol, Token);
        await FailsAsync(OperationOutcome.NotFound, () => Fixture.Volumes.GetAsync(Actors.Admin, vol, Token));
    }

    [Fact]
    public async Task Run_NewNamedVolume_IsCreatedForTheContainersTeam()
    {
        var vol = TestNames.Unique("fresh");
        var name = TestNames.Unique("fresh-user");

        await Fixture.Containers.RunAsync(Actors.OperatorA, Fixture.Sleeper(name) with { Team = Actors.TeamA, Volumes = [$"{vol}:/data"] }, Token);

        var details = await Fixture.Volumes.GetAsync(Actors.OperatorA, vol, Token);
        Assert.Equal((Actors.TeamA, "operator-a"), (details.Summary.Team, details.Summary.Owner));
        Assert.Equal([name], details.Summary.UsedBy);
        await FailsAsync(OperationOutcome.NotFound, () => Fixture.Volumes.GetAsync(Actors.OperatorB, vol, Token));
    }

    private async Task<string> CreateVolumeAsync(Actor actor, string team)
    {
        var name = TestNames.Unique("vol");
        var created = await Fixture.Volumes.CreateAsync(actor, new CreateVolumeRequest { Name = name, Team = team, Labels = Fixture.Daemon.SessionLabels }, Token);
        Assert.Equal((name, team), (created.Name, created.Team));
        return name;
    }
}
