using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Docker.DotNet.Models;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Images;
using Portal.Engine.Images.Build;
using Portal.Engine.Images.Jobs;
using Portal.TestSupport;
using Actor = Portal.Engine.Pipeline.Actor;

namespace Portal.IntegrationTests.Images;

/// <summary>Builds test contexts in memory and runs builds to their end; every built image carries the session label so the fixture removes it.</summary>
public abstract class ImageBuildTestBase(EngineFixture fixture) : ImageTestBase(fixture)
{
    protected IImageBuilds Builds => Fixture.Host.Services.GetRequiredService<IImageBuilds>();

    protected ImageBuildRequest Request(string tag, string? team = null) => new()
    {
        Tags = [tag],
        Team = team,
        Labels = new Dictionary<string, string>(Fixture.Daemon.SessionLabels),
    };

    /// <summary>A Dockerfile from the test image whose every layer carries the session label, so even a failed build's leftovers are cleaned up.</summary>
    protected string SessionDockerfile(string body) =>
        $"FROM {Fixture.Daemon.Image}\nLABEL {TestLabels.Session}={Fixture.Daemon.SessionId}\n{body}";

    /// <summary>Dangling images of this session: what a failed build left behind.</summary>
    protected async Task<IReadOnlyList<ImagesListResponse>> LeftoverSessionImagesAsync() =>
        (await Fixture.Daemon.Client.Images.ListImagesAsync(new ImagesListParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["dangling"] = new Dictionary<string, bool> { ["true"] = true },
                ["label"] = new Dictionary<string, bool> { [$"{TestLabels.Session}={Fixture.Daemon.SessionId}"] = true },
            },
        }, Token)).ToList();

    /// <summary>Every image, dangling or tagged, that carries the label (<c>key=value</c>).</summary>
    protected async Task<IReadOnlyList<ImagesListResponse>> ImagesLabelledAsync(string label) =>
        (await Fixture.Daemon.Client.Images.ListImagesAsync(new ImagesListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [label] = true } },
        }, Token)).ToList();

    protected static MemoryStream Tar(IReadOnlyDictionary<string, string> files, params (string Name, string Target)[] symlinks)
    {
        var stream = new MemoryStream();
        using (var writer = new TarWriter(stream, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (name, text) in files)
            {
                writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)) });
            }

            foreach (var (name, target) in symlinks)
            {
                writer.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, name) { LinkName = target });
            }
        }

        stream.Position = 0;
        return stream;
    }

    protected static MemoryStream Zip(IReadOnlyDictionary<string, string> files)
    {
        var stream = new MemoryStream();
        using (var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, text) in files)
            {
                using var writer = new StreamWriter(archive.CreateEntry(name).Open());
                writer.Write(text);
            }
        }

        stream.Position = 0;
        return stream;
    }

    protected static MemoryStream Gzip(MemoryStream tar)
    {
        var stream = new MemoryStream();
        using (var gzip = new GZipStream(stream, CompressionMode.Compress, leaveOpen: true))
        {
            tar.CopyTo(gzip);
        }

        stream.Position = 0;
        return stream;
    }

    protected async Task<ImageJobSnapshot> BuildToEndAsync(Actor actor, ImageBuildRequest request, Stream? archive)
    {
        var started = await Builds.BuildAsync(actor, request, archive, Token);
        ImageJobSnapshot last = started;
        await foreach (var snapshot in Fixture.Host.Transfers.WatchAsync(actor, started.Id, Token))
        {
            last = snapshot;
        }

        return last;
    }

    /// <summary>Runs <paramref name="command"/> in a throw-away container of <paramref name="image"/> and returns its output.</summary>
    protected async Task<string> RunInAsync(string image, params string[] command)
    {
        var client = Fixture.Daemon.Client;
        var created = await client.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Name = TestNames.Unique("build-run"),
            Image = image,
            Cmd = command,
            Labels = new Dictionary<string, string>(Fixture.Daemon.SessionLabels),
        }, Token);
        try
        {
            await client.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), Token);
            await client.Containers.WaitContainerAsync(created.ID, Token);
            using var logs = await client.Containers.GetContainerLogsAsync(created.ID, new ContainerLogsParameters { ShowStdout = true, ShowStderr = true }, Token);
            var (stdout, stderr) = await logs.ReadOutputToEndAsync(Token);
            return stdout + stderr;
        }
        finally
        {
            await client.Containers.RemoveContainerAsync(created.ID, new ContainerRemoveParameters { Force = true }, Token);
        }
    }
}
