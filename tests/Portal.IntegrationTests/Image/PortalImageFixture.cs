using System.Diagnostics;
using Portal.IntegrationTests.Compose;
using Portal.TestSupport;
using Xunit;

namespace Portal.IntegrationTests.Image;

/// <summary>
/// Portal's image, built here as users build it (docker/Dockerfile) with the offline base of
/// docker/base-image.sh (cached in the engine under a content key, so only the first run pays for
/// debootstrap). Portal is published once; every image built from that output carries the session
/// label, so the daemon fixture removes exactly these images afterwards.
/// </summary>
public sealed class PortalImageFixture : IAsyncLifetime
{
    /// <summary>Base, publish and first image together, the base's debootstrap included.</summary>
    public static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(6);

    private DirectoryInfo? _published;

    public DaemonFixture Daemon { get; } = new();

    /// <summary>The first build (version 1.0.0-test).</summary>
    public string Image { get; private set; } = "";

    /// <summary>The gid owning the engine's socket (<c>stat -c %g</c>): compose.yaml's <c>DOCKER_GID</c>.</summary>
    public string SocketGroup { get; private set; } = "";

    /// <summary>How long the first image took (base lookup or build, publish, docker build).</summary>
    public TimeSpan FirstBuild { get; private set; }

    public async ValueTask InitializeAsync()
    {
        await Daemon.InitializeAsync();
        _published = Directory.CreateTempSubdirectory("portal-image-publish-");
        using var timeout = Daemon.LinkedTimeout(BuildTimeout, CancellationToken.None);
        var (code, stdout, stderr) = await DockerCli.RunToolAsync("stat", ["-c", "%g", Daemon.Endpoint.AbsolutePath], timeout.Token);
        Assert.True(code == 0, $"stat {Daemon.Endpoint.AbsolutePath}: {stderr}");
        SocketGroup = stdout.Trim();
        var clock = Stopwatch.StartNew();
        Image = await BuildAsync("1.0.0-test", timeout.Token);
        FirstBuild = clock.Elapsed;
    }

    /// <summary>Builds another image from the same published output: a new version over the same data.</summary>
    public async Task<string> BuildAsync(string version, CancellationToken cancellationToken)
    {
        var tag = $"portal-test/portal:{Daemon.SessionId[..12]}-{version}";
        // The tests run from a built tree: publish without building again, in the tests' configuration.
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var (code, stdout, stderr) = await DockerCli.RunToolAsync("env",
        [
            $"PORTAL_PUBLISHED={_published!.FullName}",
            "PORTAL_PUBLISH_ARGS=--no-build",
            $"PORTAL_CONFIGURATION={configuration}",
            $"PORTAL_IMAGE_VERSION={version}",
            $"PORTAL_IMAGE_LABELS={TestLabels.Session}={Daemon.SessionId}",
            "bash", Path.Combine(RepositoryPaths.Root(), "docker", "build-local.sh"), tag,
        ], cancellationToken);
        Assert.True(code == 0, $"docker/build-local.sh {tag} exited {code}:\n{stdout}\n{stderr}");
        return tag;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Daemon.DisposeAsync();
        }
        finally
        {
            _published?.Delete(recursive: true);
        }
    }
}
