using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Engine.Admission;
using Portal.Engine.Configuration;
using Portal.Engine.Images;
using Portal.Engine.Images.Build;
using Portal.Engine.Pipeline;
using Xunit;

namespace Portal.IntegrationTests.Images;

/// <summary>Who may build, with which options, and how large a context may be.</summary>
public sealed class ImageBuildAccessTests(EngineFixture fixture) : ImageBuildTestBase(fixture)
{
    private ImageBuildRequest Editor(string tag, string? team = null) =>
        Request(tag, team) with { DockerfileText = $"FROM {Fixture.Daemon.Image}\nRUN true\n" };

    [Fact]
    public async Task Viewer_Refused()
    {
        var tag = $"{NewRepository(out _)}:v1";

        var ex = await FailsAsync(OperationOutcome.Forbidden, () => Builds.BuildAsync(Actors.ViewerA, Editor(tag), null, Token));

        Assert.Equal("You are not an operator of any team, so you cannot create images.", ex.Message);
        Assert.Contains(await Fixture.AuditAsync(tag, Token), a => a.Action == "image.build" && a.Outcome == "forbidden");
    }

    [Fact]
    public async Task OtherTeam_AsOwner_Refused() =>
        await FailsAsync(OperationOutcome.Forbidden, () => Builds.BuildAsync(Actors.OperatorB, Editor($"{NewRepository(out _)}:v1", Actors.TeamA), null, Token));

    [Fact]
    public async Task TagOfAnotherTeamsImage_Conflict()
    {
        var repo = NewRepository(out _);
        await CreateImageAsync(repo, "v1", Actors.TeamA);

        var ex = await FailsAsync(OperationOutcome.Conflict, () => Builds.BuildAsync(Actors.OperatorB, Editor($"{repo}:v1"), null, Token));

        Assert.Equal($"The image name '{repo}:v1' is taken; choose another name.", ex.Message);
    }

    [Fact]
    public async Task NonAdmin_HostNetwork_RefusedByRule()
    {
        var tag = $"{NewRepository(out _)}:v1";

        var ex = await FailsAsync(OperationOutcome.Forbidden, () => Builds.BuildAsync(Actors.OperatorA, Editor(tag) with { NetworkMode = "host" }, null, Token));

        Assert.Equal(NoHostNamespacesRule.RuleName, ex.Rule);
        Assert.StartsWith("Refused by rule 'no-host-namespaces': ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(await Fixture.AuditAsync(tag, Token), a => a.Action == "image.build" && a.Outcome == "forbidden" && a.Detail!.StartsWith("[no-host-namespaces]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OversizedUpload_RefusedEarly_WithoutReadingItAll()
    {
        var builds = ActivatorUtilities.CreateInstance<ImageBuilds>(Fixture.Host.Services, Options.Create(new EngineOptions { MaxBuildContextBytes = 64 * 1024 }));
        var upload = new CountingStream(100L << 20);

        var ex = await FailsAsync(OperationOutcome.Invalid, () => builds.BuildAsync(Actors.OperatorA, Request($"{NewRepository(out _)}:v1"), upload, Token));

        Assert.Equal("The build context is larger than the limit of 64 KiB.", ex.Message);
        Assert.True(upload.Position < 1 << 20, $"read {upload.Position} bytes of a 100 MiB upload");
    }

    /// <summary>An endless-looking upload of zeros that records how far it was read.</summary>
    private sealed class CountingStream(long length) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position { get; set; }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - Position);
            Array.Clear(buffer, offset, n);
            Position += n;
            return n;
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
