using Docker.DotNet;
using Docker.DotNet.Models;
using Xunit;
using Version = System.Version;

namespace Portal.TestSupport;

/// <summary>
/// The real Docker daemon for a test assembly: connects (negotiating the API version), makes sure
/// the offline test image exists, and at the end removes exactly the containers that carry this
/// session's <see cref="TestLabels.Session"/> label, then the networks and volumes that carry it.
/// </summary>
/// <remarks>
/// Engine tests never skip: with no daemon the fixture fails, with a message that says what to
/// start. Use it as an assembly or collection fixture, or own one inside another fixture.
/// </remarks>
public sealed class DaemonFixture : IAsyncLifetime
{
    /// <summary>The local engine, as Portal's default configuration names it.</summary>
    public static readonly Uri DefaultEndpoint = new("unix:///var/run/docker.sock");

    /// <summary>Newest API the tests speak; matches Portal's own ceiling.</summary>
    public static readonly Version ClientMaxApiVersion = new(1, 47);

    /// <summary>Connecting, checking and importing the test image together must finish within this.</summary>
    public static readonly TimeSpan StartupTimeout = TimeSpan.FromMinutes(2);

    /// <summary>Everything the fixture does, start to clean-up, must finish within this.</summary>
    public static readonly TimeSpan OverallTimeout = TimeSpan.FromMinutes(15);

    private readonly CancellationTokenSource _overall = new(OverallTimeout);
    private DockerClient? _client;

    /// <summary>Connects to <see cref="DefaultEndpoint"/> (xunit needs this constructor for fixtures).</summary>
    public DaemonFixture()
        : this(DefaultEndpoint)
    {
    }

    // xunit accepts only one public constructor on a fixture; other endpoints go through ForEndpoint.
    private DaemonFixture(Uri endpoint) => Endpoint = endpoint;

    /// <summary>A fixture for another endpoint, for example a relay socket or one that does not exist.</summary>
    public static DaemonFixture ForEndpoint(Uri endpoint) => new(endpoint);

    /// <summary>The Docker endpoint this fixture talks to.</summary>
    public Uri Endpoint { get; }

    /// <summary>Value of the session label on everything this run creates.</summary>
    public string SessionId { get; } = Guid.NewGuid().ToString("N");

    /// <summary>The offline test image (from <c>PORTAL_TEST_IMAGE</c>).</summary>
    public string Image { get; } = TestImage.Name;

    /// <summary>Engine version the daemon reported.</summary>
    public string EngineVersion { get; private set; } = "";

    /// <summary>API version the client was pinned to.</summary>
    public Version ApiVersion { get; private set; } = new(0, 0);

    /// <summary>A client for direct engine calls (stand-in for the docker CLI).</summary>
    public IDockerClient Client => _client ?? throw new InvalidOperationException("The daemon fixture is not initialised.");

    /// <summary>Cancelled when the fixture's overall time is up; link per-test tokens to it.</summary>
    public CancellationToken Lifetime => _overall.Token;

    /// <summary>The session label, to add to every object a test creates.</summary>
    public IReadOnlyDictionary<string, string> SessionLabels => new Dictionary<string, string> { [TestLabels.Session] = SessionId };

    public async ValueTask InitializeAsync()
    {
        using var startup = CancellationTokenSource.CreateLinkedTokenSource(_overall.Token);
        startup.CancelAfter(StartupTimeout);
        _client = await ConnectAsync(startup.Token);
        await TestImage.EnsureAsync(_client, Image, startup.Token);
    }

    /// <summary>A token cancelled by the test's own cancellation or this fixture's overall timeout.</summary>
    public CancellationTokenSource LinkedTimeout(TimeSpan timeout, CancellationToken testToken)
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(testToken, _overall.Token);
        cts.CancelAfter(timeout);
        return cts;
    }

    /// <summary>
    /// Creates (and by default starts) a container straight through the engine API, the way the
    /// docker CLI would, labelled with this session. Returns its id.
    /// </summary>
    public async Task<string> CreateContainerDirectlyAsync(string name, IReadOnlyList<string> command, bool start, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? labels = null)
    {
        var allLabels = new Dictionary<string, string>(labels ?? new Dictionary<string, string>()) { [TestLabels.Session] = SessionId };
        var created = await Client.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Name = name,
            Image = Image,
            Cmd = [.. command],
            Labels = allLabels,
        }, cancellationToken);
        if (start)
        {
            await Client.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), cancellationToken);
        }

        return created.ID;
    }

    /// <summary>Ids of this session's containers whose name is exactly <paramref name="name"/>.</summary>
    public async Task<IReadOnlyList<string>> FindSessionContainersAsync(string name, CancellationToken cancellationToken)
    {
        var list = await Client.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["label"] = new Dictionary<string, bool> { [$"{TestLabels.Session}={SessionId}"] = true },
                ["name"] = new Dictionary<string, bool> { [name] = true },
            },
        }, cancellationToken);
        // The engine's name filter matches substrings; keep exact matches only.
        return list.Where(c => c.Names?.Any(n => n.TrimStart('/') == name) == true).Select(c => c.ID).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_client is not null)
            {
                await RemoveSessionContainersAsync(_overall.Token);
                await RemoveSessionImagesAsync(_overall.Token);
                await SessionCleanup.RemoveNetworksAndVolumesAsync(_client, SessionId, _overall.Token);
            }
        }
        finally
        {
            _client?.Dispose();
            _overall.Dispose();
        }
    }

    /// <summary>Removes this session's containers, and only those: the label filter is the whole selection.</summary>
    private async Task RemoveSessionContainersAsync(CancellationToken cancellationToken)
    {
        var mine = await Client.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["label"] = new Dictionary<string, bool> { [$"{TestLabels.Session}={SessionId}"] = true },
            },
        }, cancellationToken);
        await Task.WhenAll(mine.Select(async c =>
        {
            try
            {
                await Client.Containers.RemoveContainerAsync(c.ID, new ContainerRemoveParameters { Force = true, RemoveVolumes = true }, cancellationToken);
            }
            catch (DockerContainerNotFoundException)
            {
                // Already gone (a test removed it while the list was taken).
            }
            catch (DockerApiException ex) when (ex.StatusCode == System.Net.HttpStatusCode.Conflict && ex.Message.Contains("already in progress", StringComparison.Ordinal))
            {
                // A removal the test started (a stack down, a job) is still under way; the engine finishes it.
            }
        }));
    }

    /// <summary>
    /// Removes this session's images by id with every tag they carry (tags tests add to them
    /// included); images without the session label, such as the test image, are never touched.
    /// </summary>
    private async Task RemoveSessionImagesAsync(CancellationToken cancellationToken)
    {
        // Created has one-second resolution, so a parent can sort before its child and refuse (409);
        // another pass removes it once the child is gone. Stops when a pass removes nothing.
        for (var pass = 0; pass < 5; pass++)
        {
            var mine = await Client.Images.ListImagesAsync(new ImagesListParameters
            {
                All = true,
                Filters = new Dictionary<string, IDictionary<string, bool>>
                {
                    ["label"] = new Dictionary<string, bool> { [$"{TestLabels.Session}={SessionId}"] = true },
                },
            }, cancellationToken);
            var removed = 0;
            foreach (var image in mine.OrderByDescending(i => i.Created))
            {
                try
                {
                    await Client.Images.DeleteImageAsync(image.ID, new ImageDeleteParameters { Force = true }, cancellationToken);
                    removed++;
                }
                catch (DockerApiException ex) when (ex.StatusCode is System.Net.HttpStatusCode.NotFound or System.Net.HttpStatusCode.Conflict)
                {
                    // Gone already (a test removed it), or a parent whose child goes later in this pass.
                }
            }

            if (removed == 0)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Reads <c>/version</c> without naming an API version (every daemon accepts that), then
    /// pins the client to min(daemon, <see cref="ClientMaxApiVersion"/>): Debian's 20.10 speaks
    /// 1.41 and rejects newer, Docker 29 rejects older than 1.44.
    /// </summary>
    private async Task<DockerClient> ConnectAsync(CancellationToken cancellationToken)
    {
        VersionResponse version;
        try
        {
            using var probe = new DockerClientBuilder().WithEndpoint(Endpoint).WithTimeout(TimeSpan.FromSeconds(10)).Build();
            version = await probe.System.GetVersionAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !_overall.IsCancellationRequested)
        {
            var ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
            throw new InvalidOperationException(
                $"No Docker daemon answers at {Endpoint} ({ex.GetType().Name}: {ex.Message}). "
                + (ci
                    ? "CI=true: the engine tests need a running dockerd; .ci/run starts one through scripts/test.sh."
                    : "Engine tests never skip: start dockerd (scripts/test.sh does it) and run the tests again."),
                ex);
        }

        var daemonMax = Version.Parse(version.APIVersion);
        ApiVersion = daemonMax < ClientMaxApiVersion ? daemonMax : ClientMaxApiVersion;
        EngineVersion = version.Version;
        return new DockerClientBuilder().WithEndpoint(Endpoint).WithApiVersion(ApiVersion).WithTimeout(TimeSpan.FromSeconds(100)).Build();
    }
}
