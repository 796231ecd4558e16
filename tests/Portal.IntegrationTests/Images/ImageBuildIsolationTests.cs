using Portal.Engine.Images.Build;
using Portal.Engine.Images.Jobs;
using Portal.Engine.Labels;
using Portal.Engine.Pipeline;
using Portal.TestSupport;
using Xunit;

namespace Portal.IntegrationTests.Images;

/// <summary>A build names another team's private image exactly like a missing one: refused with the same words, nothing built.</summary>
public sealed class ImageBuildIsolationTests(EngineFixture fixture) : ImageBuildTestBase(fixture)
{
    [Fact]
    public async Task OtherTeamsPrivateImage_EveryWayABuildNamesIt_RefusedLikeAMissingOne_OwnerAndAdminBuildFromIt()
    {
        var repository = NewRepository(out _);
        var image = $"{repository}:v1";
        await Fixture.Daemon.CreateAsync(repository, "v1", Token, new Dictionary<string, string> { [PortalLabels.Team] = Actors.TeamA }, ["sh", "-c", "echo a-secret > /whose"]);
        var missing = $"{NewRepository(out _)}:v1";
        var busybox = Fixture.Daemon.Image;
        // Each way a build names an image; the reference goes where {0} is.
        var ways = new (string Way, Func<string, ImageBuildRequest, ImageBuildRequest> Request, Func<string, Stream?> Archive, string Message)[]
        {
            ("tar upload, streamed", (_, r) => r, reference => Tar(new Dictionary<string, string> { ["Dockerfile"] = $"FROM {reference}\nRUN cat /whose\n" }),
                "Base image '{0}' (Dockerfile line 1) is not on this engine; pull it first (Images → Pull)."),
            ("editor", (reference, r) => r with { DockerfileText = $"# typed\nFROM {reference}\n" }, _ => null,
                "Base image '{0}' (Dockerfile line 2) is not on this engine; pull it first (Images → Pull)."),
            ("zip upload (replayed), multi-stage COPY --from", (_, r) => r,
                reference => Zip(new Dictionary<string, string> { ["Dockerfile"] = $"FROM {busybox} AS base\nFROM base\nCOPY --from={reference} /whose /whose\n" }),
                "Image '{0}' in COPY --from (Dockerfile line 3) is not on this engine; pull it first (Images → Pull)."),
            ("ARG-substituted FROM", (reference, r) => r with { BuildArgs = new Dictionary<string, string> { ["BASE"] = reference } },
                _ => Tar(new Dictionary<string, string> { ["Dockerfile"] = $"ARG BASE={busybox}\nFROM ${{BASE}}\n" }),
                "Base image '{0}' (Dockerfile line 2) is not on this engine; pull it first (Images → Pull)."),
            ("cacheFrom", (reference, r) => r with { DockerfileText = $"FROM {busybox}\n", CacheFrom = [reference] }, _ => null,
                "Cache image '{0}' (cacheFrom) is not on this engine; pull it first (Images → Pull)."),
        };

        foreach (var (way, request, archive, message) in ways)
        {
            var tag = $"{NewRepository(out _)}:b";
            var other = await FailsAsync(OperationOutcome.Invalid, () => Builds.BuildAsync(Actors.OperatorB, request(image, Request(tag)), archive(image), Token));
            var none = await FailsAsync(OperationOutcome.Invalid, () => Builds.BuildAsync(Actors.OperatorB, request(missing, Request(tag)), archive(missing), Token));

            Assert.Equal(string.Format(System.Globalization.CultureInfo.InvariantCulture, message, image), other.Message);
            Assert.Equal(other.Message.Replace(image, "<ref>", StringComparison.Ordinal), none.Message.Replace(missing, "<ref>", StringComparison.Ordinal));
            await Assert.ThrowsAsync<Docker.DotNet.DockerImageNotFoundException>(() => Fixture.Daemon.Client.Images.InspectImageAsync(tag, Token));
            Assert.True(!Fixture.Host.Transfers.ListJobs(Actors.OperatorB).Any(j => j.Reference == tag), $"{way}: a refused build left a job");
        }

        // Its team and an administrator build from it, also through COPY --from and cacheFrom.
        var own = $"{NewRepository(out _)}:a";
        var built = await BuildToEndAsync(Actors.OperatorA, Request(own) with
        {
            DockerfileText = $"FROM {busybox}\nCOPY --from={image} /whose /copied\n",
            CacheFrom = [image],
        }, null);
        Assert.True(built.State == ImageJobState.Succeeded, built.Error);
        Assert.Equal("a-secret\n", await RunInAsync(own, "cat", "/copied"));

        var admin = $"{NewRepository(out _)}:admin";
        built = await BuildToEndAsync(Actors.Admin, Request(admin), Tar(new Dictionary<string, string> { ["Dockerfile"] = $"FROM {image}\nRUN cat /whose\n" }));
        Assert.True(built.State == ImageJobState.Succeeded, built.Error);
    }

    [Fact]
    public async Task UploadedDockerfile_WrittenThroughAFolderLink_RefusedRatherThanGuessed()
    {
        // Unpacked, "d/Dockerfile" goes through d -> . and replaces the harmless Dockerfile read first.
        var tar = new MemoryStream();
        using (var writer = new System.Formats.Tar.TarWriter(tar, System.Formats.Tar.TarEntryFormat.Pax, leaveOpen: true))
        {
            writer.WriteEntry(new System.Formats.Tar.PaxTarEntry(System.Formats.Tar.TarEntryType.RegularFile, "Dockerfile") { DataStream = new MemoryStream("FROM scratch\n"u8.ToArray()) });
            writer.WriteEntry(new System.Formats.Tar.PaxTarEntry(System.Formats.Tar.TarEntryType.SymbolicLink, "d") { LinkName = "." });
            writer.WriteEntry(new System.Formats.Tar.PaxTarEntry(System.Formats.Tar.TarEntryType.RegularFile, "d/Dockerfile") { DataStream = new MemoryStream("FROM other\n"u8.ToArray()) });
        }

        tar.Position = 0;
        var tag = $"{NewRepository(out _)}:link";

        var ex = await FailsAsync(OperationOutcome.Invalid, () => Builds.BuildAsync(Actors.OperatorB, Request(tag), tar, Token));

        Assert.StartsWith("The Dockerfile 'Dockerfile' is a link or sits behind one, so Portal cannot check the images it names", ex.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<Docker.DotNet.DockerImageNotFoundException>(() => Fixture.Daemon.Client.Images.InspectImageAsync(tag, Token));
    }
}
