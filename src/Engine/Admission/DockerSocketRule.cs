using Microsoft.Extensions.Options;
using Portal.Engine.Configuration;

namespace Portal.Engine.Admission;

/// <summary>
/// The Docker socket inside a container is root on the host, whatever path reaches it: the socket
/// itself (<c>/run</c> and <c>/var/run</c> spellings), a directory that contains it, a symlinked
/// parent, or <c>/proc</c> (every <c>/proc/PID/root</c> is the host's root). No setting allows it.
/// </summary>
public sealed class DockerSocketRule(IOptions<EngineOptions>? options = null) : IAdmissionRule<ContainerAdmission>
{
    private static readonly string[] s_knownSockets =
        ["/var/run/docker.sock", "/run/docker.sock", "/run/containerd/containerd.sock", "/var/run/containerd/containerd.sock", "/run/docker", "/var/run/docker"];

    private readonly string[] _sockets = [.. s_knownSockets, .. ConfiguredSocket(options?.Value.Endpoint)];

    public string Name => "no-docker-socket";

    public AdmissionRefusal? Check(ContainerAdmission request)
    {
        var spec = request.Spec;
        var offending = spec.Binds.Select((b, i) => (Source: BindMount.Parse(b).Source, Field: $"binds[{i}]"))
            .Concat(spec.Volumes.Select((v, i) => (Source: BindMount.Parse(v).Source, Field: $"volumes[{i}]")))
            .FirstOrDefault(m => ReachesSocket(m.Source));
        return offending.Source is null
            ? null
            : new AdmissionRefusal($"Mounting '{offending.Source}' would reach the Docker socket, which is root on the host; only administrators may.", null) { Field = offending.Field };
    }

    /// <summary>True when binding <paramref name="source"/> exposes a Docker or containerd socket.</summary>
    public bool ReachesSocket(string source)
    {
        if (!source.StartsWith('/'))
        {
            return false;
        }

        var lexical = HostPaths.Normalize(source);
        var resolved = HostPaths.Resolve(source);
        if (resolved is null)
        {
            // A symlink loop: the engine will fail it, but nothing proves it harmless.
            return true;
        }

        var sockets = _sockets.Concat(_sockets.Select(s => HostPaths.Resolve(s) ?? s)).Distinct().ToList();
        return new[] { lexical, resolved }.Any(path =>
            path.EndsWith("docker.sock", StringComparison.Ordinal)
            || path.EndsWith("containerd.sock", StringComparison.Ordinal)
            || HostPaths.IsAtOrUnder(path, "/proc")
            || sockets.Any(s => HostPaths.IsAtOrUnder(s, path)));
    }

    private static IEnumerable<string> ConfiguredSocket(string? endpoint) =>
        endpoint is not null && endpoint.StartsWith("unix://", StringComparison.Ordinal) ? [HostPaths.Normalize(endpoint["unix://".Length..])] : [];
}
