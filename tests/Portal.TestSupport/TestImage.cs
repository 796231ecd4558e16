using System.Collections.Concurrent;
using System.Diagnostics;
using System.Formats.Tar;
using System.Net;
using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Portal.TestSupport;

/// <summary>
/// The offline test image: a root file system holding the host's static busybox and its applet
/// links, imported like <c>docker import</c> does. Nothing is pulled from a registry.
/// </summary>
public static class TestImage
{
    /// <summary>Image used when <c>PORTAL_TEST_IMAGE</c> is not set.</summary>
    public const string DefaultName = "portal-test/busybox:latest";

    /// <summary>Debian's <c>busybox-static</c> installs this statically linked binary.</summary>
    public const string HostBusybox = "/bin/busybox";

    // A fixed time keeps the layer identical from one import to the next.
    private static readonly DateTimeOffset s_fileTime = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // What the suites run; the full applet list comes from the binary itself when it can tell.
    private static readonly string[] s_requiredApplets = ["sh", "httpd", "sleep", "wget", "nc", "true"];

    /// <summary>The image named by <c>PORTAL_TEST_IMAGE</c>, else <see cref="DefaultName"/>.</summary>
    public static string Name => Environment.GetEnvironmentVariable("PORTAL_TEST_IMAGE") is { Length: > 0 } name ? name : DefaultName;

    /// <summary>Makes sure <paramref name="image"/> exists on the engine, importing it when it does not.</summary>
    public static async Task EnsureAsync(IDockerClient client, string image, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (await ExistsAsync(client, image, cancellationToken))
        {
            return;
        }

        if (!File.Exists(HostBusybox))
        {
            throw new InvalidOperationException(
                $"Test image '{image}' is missing and cannot be built: {HostBusybox} does not exist (apt-get install busybox-static).");
        }

        var (repository, tag) = SplitReference(image);
        using var tar = new MemoryStream();
        await WriteRootFsAsync(tar, HostBusybox, await ListAppletsAsync(cancellationToken), cancellationToken);
        tar.Position = 0;

        var errors = new ConcurrentQueue<string>();
        await client.Images.CreateImageAsync(
            new ImagesCreateParameters
            {
                FromSrc = "-",
                Repo = repository,
                Tag = tag,
                Message = "portal test image from the host's busybox-static",
                Changes =
                [
                    "CMD [\"/bin/sh\"]",
                    "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                    "LABEL org.opencontainers.image.title=\"portal-test busybox\"",
                ],
            },
            tar,
            new AuthConfig(),
            new SyncProgress<JSONMessage>(m =>
            {
                if (m.Error?.Message is { Length: > 0 } error)
                {
                    errors.Enqueue(error);
                }
            }),
            cancellationToken);

        if (!await ExistsAsync(client, image, cancellationToken))
        {
            throw new InvalidOperationException($"Importing test image '{image}' failed: {string.Join("; ", errors)}");
        }
    }

    /// <summary>Writes the image's root file system, with <paramref name="busyboxPath"/> as /bin/busybox, as an uncompressed tar owned by root.</summary>
    public static async Task WriteRootFsAsync(Stream destination, string busyboxPath, IReadOnlyCollection<string> applets, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(applets);
        const UnixFileMode Dir = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        const UnixFileMode Exec = Dir;
        const UnixFileMode Text = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        const UnixFileMode Sticky = Dir | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite | UnixFileMode.StickyBit;

        var writer = new TarWriter(destination, TarEntryFormat.Pax, leaveOpen: true);
        await using (writer)
        {
            foreach (var dir in new[] { "bin", "sbin", "usr", "usr/bin", "usr/sbin", "etc", "var", "var/www", "home", "proc", "sys", "dev" })
            {
                await writer.WriteEntryAsync(Entry(TarEntryType.Directory, dir + "/", Dir), cancellationToken);
            }

            await writer.WriteEntryAsync(Entry(TarEntryType.Directory, "tmp/", Sticky), cancellationToken);
            await writer.WriteEntryAsync(Entry(TarEntryType.Directory, "var/tmp/", Sticky), cancellationToken);
            await writer.WriteEntryAsync(Entry(TarEntryType.Directory, "root/", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute), cancellationToken);

            var busybox = Entry(TarEntryType.RegularFile, "bin/busybox", Exec);
            await using (var binary = File.OpenRead(busyboxPath))
            {
                busybox.DataStream = binary;
                await writer.WriteEntryAsync(busybox, cancellationToken);
            }

            foreach (var applet in applets.Where(a => a != "busybox" && !a.Contains('/', StringComparison.Ordinal)).Distinct(StringComparer.Ordinal))
            {
                var link = Entry(TarEntryType.SymbolicLink, "bin/" + applet, Dir);
                link.LinkName = "busybox";
                await writer.WriteEntryAsync(link, cancellationToken);
            }

            await WriteTextAsync(writer, "etc/passwd", "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n", Text, cancellationToken);
            await WriteTextAsync(writer, "etc/group", "root:x:0:\nnogroup:x:65534:\n", Text, cancellationToken);
        }
    }

    private static async Task<bool> ExistsAsync(IDockerClient client, string image, CancellationToken cancellationToken)
    {
        try
        {
            await client.Images.InspectImageAsync(image, cancellationToken);
            return true;
        }
        catch (DockerApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    /// <summary>Asks the binary which applets it has; falls back to the ones the suites need.</summary>
    private static async Task<IReadOnlyCollection<string>> ListAppletsAsync(CancellationToken cancellationToken)
    {
        using var process = Process.Start(new ProcessStartInfo(HostBusybox, "--list")
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException($"Could not run {HostBusybox} --list.");
        var output = await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var applets = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        return process.ExitCode == 0 && applets.Count > 0 ? applets.Union(s_requiredApplets).ToList() : s_requiredApplets;
    }

    private static PaxTarEntry Entry(TarEntryType type, string name, UnixFileMode mode) =>
        new(type, name) { Mode = mode, Uid = 0, Gid = 0, ModificationTime = s_fileTime };

    private static async Task WriteTextAsync(TarWriter writer, string name, string content, UnixFileMode mode, CancellationToken cancellationToken)
    {
        var entry = Entry(TarEntryType.RegularFile, name, mode);
        using var data = new MemoryStream(Encoding.ASCII.GetBytes(content));
        entry.DataStream = data;
        await writer.WriteEntryAsync(entry, cancellationToken);
    }

    /// <summary>Splits <c>repo[:tag]</c>; a colon before the last slash belongs to a registry host.</summary>
    internal static (string Repository, string Tag) SplitReference(string image)
    {
        var colon = image.LastIndexOf(':');
        return colon > image.LastIndexOf('/') ? (image[..colon], image[(colon + 1)..]) : (image, "latest");
    }
}
