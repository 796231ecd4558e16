using System.Formats.Tar;
using System.Text;
using Portal.Engine.Images;
using Portal.Engine.Images.Jobs;
using Portal.Engine.Labels;
using Portal.Engine.Pipeline;
using Portal.TestSupport;
using Xunit;

namespace Portal.IntegrationTests.Images;

/// <summary>Builds through Portal against the real daemon, from the local busybox test image only (pull=false).</summary>
public sealed class ImageBuildTests(EngineFixture fixture) : ImageBuildTestBase(fixture)
{
    [Fact]
    public async Task Editor_MultiStepWithCopyRunArg_BuildsTeamImageThatRuns()
    {
        var tag = $"{NewRepository(out _)}:v1";
        var request = Request(tag) with
        {
            DockerfileText = $"FROM {Fixture.Daemon.Image}\nARG GREETING=hi\nCOPY hello.txt /app/hello.txt\nRUN echo \"$GREETING from run\" > /app/run.txt\nCMD [\"cat\", \"/app/hello.txt\"]\n",
            Files = [new("hello.txt", () => new MemoryStream("hello from copy\n"u8.ToArray()))],
            BuildArgs = new Dictionary<string, string> { ["GREETING"] = "hey" },
        };

        var last = await BuildToEndAsync(Actors.OperatorA, request, archive: null);

        Assert.True(last.State == ImageJobState.Succeeded, last.Error + "\n" + string.Join('\n', last.Log ?? []));
        Assert.Equal("build", last.Kind);
        // The step total includes one LABEL step per build label the engine appends.
        Assert.Contains(last.Log!, l => l.StartsWith("Step 1/", StringComparison.Ordinal) && l.Contains(" : FROM ", StringComparison.Ordinal));
        Assert.Contains(last.Log!, l => l.StartsWith("Step 4/", StringComparison.Ordinal) && l.Contains(" : RUN echo", StringComparison.Ordinal));
        Assert.NotNull(last.ImageId);
        Assert.Equal("hello from copy\nhey from run\n", await RunInAsync(tag, "cat", "/app/hello.txt", "/app/run.txt"));

        var inspect = await Fixture.Daemon.Client.Images.InspectImageAsync(tag, Token);
        var labels = inspect.Config!.Labels!;
        Assert.Equal(Actors.TeamA, labels[PortalLabels.Team]);
        Assert.Equal(Actors.OperatorA.UserName, labels[PortalLabels.Owner]);
        Assert.Equal(Fixture.Daemon.SessionId, labels[TestLabels.Session]);
        var listed = Assert.Single(await Fixture.Images.ListAsync(Actors.OperatorA, new ImageListRequest { Text = tag }, Token));
        Assert.Equal(Actors.TeamA, listed.Team);
        Assert.Empty(await Fixture.Images.ListAsync(Actors.OperatorB, new ImageListRequest { Text = tag }, Token));
        Assert.Contains(await Fixture.AuditAsync(tag, Token), a => a.Action == "image.build" && a.Outcome == "succeeded");
    }

    [Fact]
    public async Task TwoTags_TheImageIsNamedByTheFirstTyped_NotTheFirstAlphabetically_AlsoAfterAnotherTag()
    {
        var repository = NewRepository(out _);
        var request = Request($"{repository}:b1") with { Tags = [$"{repository}:b1", $"{repository}:a1"], DockerfileText = SessionDockerfile("CMD [\"true\"]\n") };

        var last = await BuildToEndAsync(Actors.OperatorA, request, archive: null);
        Assert.True(last.State == ImageJobState.Succeeded, last.Error);
        await Fixture.Images.TagAsync(Actors.OperatorA, $"{repository}:b1", $"{repository}:0", Token);

        var listed = Assert.Single(await Fixture.Images.ListAsync(Actors.OperatorA, new ImageListRequest { Text = repository }, Token));
        // b1 was asked for first; a1 came with it; the later tag 0 follows although it sorts first.
        Assert.Equal([$"{repository}:b1", $"{repository}:a1", $"{repository}:0"], listed.Tags);
        Assert.Equal($"{repository}:b1", listed.DisplayName);
        var details = await Fixture.Images.GetAsync(Actors.OperatorA, $"{repository}:a1", Token);
        Assert.Equal($"{repository}:b1", details.Summary.DisplayName);
    }

    [Theory]
    [InlineData("tar")]
    [InlineData("tar.gz")]
    [InlineData("zip")]
    public async Task Archive_EachFormat_BuildsAndHonoursDockerignore(string format)
    {
        var tag = $"{NewRepository(out _)}:v1";
        var files = new Dictionary<string, string>
        {
            ["build/Dockerfile"] = $"FROM {Fixture.Daemon.Image}\nCOPY . /ctx/\n",
            ["keep.txt"] = "keep",
            ["secret.txt"] = "secret",
            ["logs/deep/a.log"] = "log",
            [".dockerignore"] = "secret.txt\n**/*.log\n",
        };
        var archive = format switch { "zip" => Zip(files), "tar.gz" => Gzip(Tar(files)), _ => Tar(files) };

        var last = await BuildToEndAsync(Actors.OperatorA, Request(tag) with { Dockerfile = "build/Dockerfile" }, archive);

        Assert.True(last.State == ImageJobState.Succeeded, last.Error);
        var listing = await RunInAsync(tag, "find", "/ctx", "-type", "f");
        Assert.Contains("/ctx/keep.txt", listing, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", listing, StringComparison.Ordinal);
        Assert.DoesNotContain("a.log", listing, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FailingRun_EndsFailedNamingTheStep()
    {
        var tag = $"{NewRepository(out _)}:v1";
        // The build's labels reach only the final image; a failed build's intermediate images (one
        // per finished step, kept for the build cache) carry the session label only from a LABEL
        // instruction, which is what lets the fixture remove exactly them.
        var request = Request(tag) with { DockerfileText = SessionDockerfile("RUN true\nRUN echo about to fail && exit 3\n") };

        var last = await BuildToEndAsync(Actors.OperatorA, request, archive: null);

        Assert.Equal(ImageJobState.Failed, last.State);
        Assert.Matches(@"^Step 4/\d+ : RUN echo about to fail && exit 3$", last.FailedStep);
        Assert.NotEmpty(await LeftoverSessionImagesAsync());
        Assert.StartsWith($"The build failed at {last.FailedStep}: ", last.Error, StringComparison.Ordinal);
        Assert.EndsWith("returned a non-zero code: 3", last.Error, StringComparison.Ordinal);
        Assert.Contains("about to fail", last.Log!);
        Assert.Contains(await Fixture.AuditAsync(tag, Token), a => a.Action == "image.build" && a.Outcome == "invalid");
    }

    [Theory]
    [InlineData("dotdot")]
    [InlineData("symlink")]
    public async Task EscapingContext_RefusedNamingTheEntry_NothingBuilt(string kind)
    {
        var tag = $"{NewRepository(out _)}:v1";
        var files = new Dictionary<string, string> { ["Dockerfile"] = $"FROM {Fixture.Daemon.Image}\nCOPY . /ctx/\n" };
        var archive = kind == "dotdot"
            ? Tar(new Dictionary<string, string>(files) { ["../x"] = "outside" })
            : Tar(files, ("etc-link", "../../etc"));

        var ex = await FailsAsync(OperationOutcome.Invalid, () => Builds.BuildAsync(Actors.OperatorA, Request(tag), archive, Token));

        Assert.Equal(kind == "dotdot"
            ? "The build context entry '../x' contains a '..' segment; such entries are refused."
            : "The build context entry 'etc-link' is a symbolic link to '../../etc', outside the context; such entries are refused.", ex.Message);
        await FailsAsync(OperationOutcome.NotFound, () => Fixture.Images.GetAsync(Actors.Admin, tag, Token));
        Assert.Contains(await Fixture.AuditAsync(tag, Token), a => a.Action == "image.build" && a.Outcome == "invalid");
    }

    [Fact]
    public async Task EscapingEntryAfterLargeFile_RefusedMidStream_EngineBuildsNothing()
    {
        var tag = $"{NewRepository(out _)}:v1";
        // Other tests' failed builds leave dangling session images at any time; this build's own
        // layers would carry this probe label, so only they are counted.
        var probe = $"portal-test.probe={Guid.NewGuid():N}";
        // The refused link comes after more data than the pipe to the engine holds, so the engine
        // has already been reading the context when the refusal aborts its request.
        var tar = new MemoryStream();
        await using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, "Dockerfile")
            {
                DataStream = new MemoryStream(Encoding.UTF8.GetBytes(SessionDockerfile($"LABEL {probe}\nCOPY . /ctx/\nRUN true\n"))),
            }, Token);
            var big = new byte[3 << 20];
            Random.Shared.NextBytes(big);
            await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, "big.bin") { DataStream = new MemoryStream(big) }, Token);
            await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.SymbolicLink, "up") { LinkName = "/etc" }, Token);
        }

        tar.Position = 0;
        var ex = await FailsAsync(OperationOutcome.Invalid, () => Builds.BuildAsync(Actors.OperatorA, Request(tag), tar, Token));

        Assert.Equal("The build context entry 'up' is a symbolic link to the absolute path '/etc' outside the context; such entries are refused.", ex.Message);
        await FailsAsync(OperationOutcome.NotFound, () => Fixture.Images.GetAsync(Actors.Admin, tag, Token));
        Assert.Empty(await ImagesLabelledAsync(probe));
        Assert.DoesNotContain(Fixture.Host.Transfers.ListJobs(Actors.OperatorA), j => j.Reference == tag);
    }
}
