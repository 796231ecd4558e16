using Docker.DotNet.Models;
using Portal.Engine.Compose.Loading;
using Portal.Engine.Compose.Model;
using Portal.TestSupport;
using Xunit;

namespace Portal.IntegrationTests.Image;

/// <summary>
/// The <c>portal</c> service of docker/compose.yaml, loaded and validated by Portal's own compose loader with
/// the variables a user sets, and turned into the engine calls <c>docker compose up</c> makes for it. The test's
/// volume and network stand in for the project's, and everything carries the session label.
/// </summary>
public sealed class ComposeFileService
{
    private ComposeFileService(ComposeService service) => Service = service;

    public ComposeService Service { get; }

    public static ComposeFileService Load(IReadOnlyDictionary<string, string> variables)
    {
        var path = Path.Combine(RepositoryPaths.Root(), "docker", "compose.yaml");
        // The README runs it as `docker compose -p portal`: the file names no project itself.
        var result = new ComposeLoader().Load(new ComposeLoadRequest([new ComposeFile("compose.yaml", File.ReadAllText(path))], new NoFiles(), variables, ProjectName: "portal"));
        Assert.True(result.Succeeded, "docker/compose.yaml: " + string.Join("; ", result.Errors.Select(e => $"{e.Line}:{e.Path} {e.Message}")));
        var service = ComposeModelBinder.Bind(result.Document!).Service("portal");
        Assert.NotNull(service);
        return new ComposeFileService(service);
    }

    /// <summary>The create call for the service, its named volume mapped to <paramref name="volume"/>, on <paramref name="network"/>.</summary>
    public CreateContainerParameters ToParameters(string name, string volume, string network, IReadOnlyDictionary<string, string> labels) => new()
    {
        Name = name,
        Image = Service.Image ?? throw new InvalidOperationException("compose.yaml names no image"),
        Env = [.. Service.Environment.Select(e => $"{e.Key}={e.Value}")],
        // The caller's labels win: the session label, or a test turning a label of the file off.
        Labels = Service.Labels.Concat(labels).GroupBy(l => l.Key).ToDictionary(g => g.Key, g => g.Last().Value),
        ExposedPorts = Service.Ports.ToDictionary(p => $"{p.Target}/{p.Protocol}", _ => new EmptyStruct()),
        Healthcheck = Service.Healthcheck is { } h
            ? new HealthcheckConfig { Test = [.. h.Test], Interval = h.Interval ?? default, Timeout = h.Timeout ?? default, Retries = h.Retries ?? 0, StartPeriod = h.StartPeriod ?? default }
            : null,
        HostConfig = new HostConfig
        {
            RestartPolicy = new RestartPolicy { Name = Enum.Parse<RestartPolicyKind>(Service.Restart!.Replace("-", "", StringComparison.Ordinal), ignoreCase: true) },
            PortBindings = Service.Ports.ToDictionary(p => $"{p.Target}/{p.Protocol}", p => (IList<PortBinding>)[new PortBinding { HostIP = p.HostIp ?? "", HostPort = p.Published ?? "" }]),
            Binds = [.. Service.Volumes.Select(m => $"{(m.Type == "volume" ? volume : m.Source)}:{m.Target}{(m.ReadOnly ? ":ro" : "")}")],
            GroupAdd = [.. Service.GroupAdd],
        },
        NetworkingConfig = new NetworkingConfig { EndpointsConfig = new Dictionary<string, EndpointSettings> { [network] = new() } },
    };

    private sealed class NoFiles : IComposeFileSource
    {
        public string? TryRead(string relativePath) => null;
    }
}
