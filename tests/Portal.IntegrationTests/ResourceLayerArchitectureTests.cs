using System.Reflection;
using Docker.DotNet;
using Portal.Engine.Docker;
using Xunit;

namespace Portal.IntegrationTests;

/// <summary>
/// One engine path: the resource layer (<c>Portal.Engine.Resources</c>) is the only writer to the engine.
/// Outside it and <c>Portal.Engine.Docker</c> only the readers listed here may hold the Docker client,
/// and no one but the resource layer (and the named streams: exec, pull, push, build) calls a method that changes
/// the engine. Read from the Engine assembly's IL, so calls inside async methods and lambdas count.
/// </summary>
public sealed class ResourceLayerArchitectureTests
{
    private static readonly Assembly s_engine = typeof(EngineConnection).Assembly;

    private static readonly string[] s_writerNamespaces = ["Portal.Engine.Docker", "Portal.Engine.Resources"];

    /// <summary>Types that may hold the client to read (list, inspect, follow); each line says what it reads.</summary>
    private static readonly HashSet<string> s_readers = new(StringComparer.Ordinal)
    {
        "Portal.Engine.Events.EngineEventWatcher",           // the events stream
        "Portal.Engine.Events.CatalogSync",                  // the catalog resync
        "Portal.Engine.Events.ContainerSnapshots",           // the container list as catalog rows
        "Portal.Engine.Events.ImageCatalogSync",             // the image list as catalog rows
        "Portal.Engine.Events.NetworkCatalogSync",           // the network list as catalog rows
        "Portal.Engine.Events.VolumeCatalogSync",            // the volume list as catalog rows
        "Portal.Engine.Stats.StatsSampler",                  // running containers to sample
        "Portal.Engine.Stats.ApiStatsReader",                // stats through the engine API
        "Portal.Engine.Stats.StatsOperations",               // engine info, a container's limits
        "Portal.Engine.Overview.EngineFactsKeeper",          // engine info once per connect, for the overview
        "Portal.Engine.Logs.EngineLogSource",                // log follow-streams
        "Portal.Engine.Logs.LogReader",                      // log reads
        "Portal.Engine.Logs.LogOperations",                  // log downloads
        "Portal.Engine.Exec.ExecOperations",                 // exec streams (their writes are listed below)
        "Portal.Engine.Exec.ExecSession",                    // an exec session's stream and resize
        "Portal.Engine.Access.ContainerAccess",              // inspect, for access
        "Portal.Engine.Teams.TeamObjects",                   // what a team still owns, before it is deleted
        "Portal.Engine.Containers.ContainerQueries",         // inspect, for details
        "Portal.Engine.Access.NetworkAccess",                // inspect, for access
        "Portal.Engine.Networks.NetworkOperations",          // members' aliases
        "Portal.Engine.Access.VolumeAccess",                 // inspect, for access
        "Portal.Engine.Volumes.VolumeUsage",                 // a volume's users
        "Portal.Engine.Volumes.VolumeBrowser",               // a helper's archive
        "Portal.Engine.Access.ImageAccess",                  // inspect, for access
        "Portal.Engine.Images.ImageUsage",                   // containers per image
        "Portal.Engine.Images.ImageOperations",              // history, tags in use
        "Portal.Engine.Images.ImageTransfers",               // pull and push streams
        "Portal.Engine.Images.ImageBuilds",                  // the build stream
        "Portal.Engine.Quotas.QuotaGuard",                   // a team's running containers and volumes
        "Portal.Engine.Compose.Execution.ComposeObserver",   // a project's objects and image ids, for the planner
        "Portal.Engine.Compose.Stacks.StackPlans",           // a project's objects and whether a name is taken, for the plan
        "Portal.Engine.Compose.Stacks.StackLifecycle",       // a project's containers, networks and volumes
        "Portal.Engine.Compose.Stacks.StackQuota",           // the limits of a project's containers
    };

    /// <summary>Engine-changing calls that are streams of their own operation, not resource changes.</summary>
    private static readonly HashSet<string> s_streams = new(StringComparer.Ordinal)
    {
        "Portal.Engine.Exec.ExecOperations.CreateContainerExecAsync",
        "Portal.Engine.Exec.ExecOperations.StartContainerExecAsync",
        "Portal.Engine.Exec.ExecSession.ResizeExecTtyAsync",
        "Portal.Engine.Images.ImageTransfers.CreateImageAsync",       // pull
        "Portal.Engine.Images.ImageTransfers.PushImageAsync",
        "Portal.Engine.Images.ImageTransfers.TagImageAsync",          // the push's own target tag
        "Portal.Engine.Images.ImageBuilds.BuildImageFromDockerfileAsync",
    };

    /// <summary>The calls the resource layer exists for; each must be there, and only there.</summary>
    private static readonly string[] s_resourceWrites =
    [
        "CreateContainerAsync", "StartContainerAsync", "StopContainerAsync", "KillContainerAsync", "RestartContainerAsync",
        "RemoveContainerAsync", "PruneContainersAsync", "ExtractArchiveToContainerAsync",
        "CreateNetworkAsync", "DeleteNetworkAsync", "ConnectNetworkAsync", "DisconnectNetworkAsync", "PruneNetworksAsync",
        "CreateAsync", "RemoveAsync", "PruneAsync",
        "DeleteImageAsync", "PruneImagesAsync",
    ];

    private static readonly string[] s_readPrefixes = ["List", "Inspect", "Get", "Monitor", "Wait", "Ping"];

    [Fact]
    public void DockerClient_IsHeldOnlyByDockerTheResourceLayerAndListedReaders()
    {
        var holders = IlReferences.Of(s_engine)
            .Where(r => r.Member is MethodInfo { Name: "get_Client" } m && (m.DeclaringType == typeof(EngineConnection) || m.DeclaringType == typeof(EnvironmentEngine))
                || r.Member.DeclaringType == typeof(IDockerClient))
            .Select(r => r.Owner)
            .Concat(IlReferences.Holding(s_engine, typeof(IDockerClient)))
            .Select(t => t.FullName!)
            .ToHashSet(StringComparer.Ordinal);

        var others = holders.Where(t => !s_writerNamespaces.Any(n => t.StartsWith(n + ".", StringComparison.Ordinal)) && !s_readers.Contains(t)).Order(StringComparer.Ordinal).ToList();

        Assert.True(others.Count == 0, "Only readers may hold the Docker client outside Portal.Engine.Docker and Portal.Engine.Resources; add a reader here "
            + "only if it never changes the engine, else go through the resource layer: " + string.Join(", ", others));
        // The scan sees what it should: the resource layer and a known reader hold the client.
        Assert.Contains("Portal.Engine.Resources.ContainerResources", holders);
        Assert.Contains("Portal.Engine.Events.EngineEventWatcher", holders);
        // A reader that no longer reads should leave the list.
        Assert.Empty(s_readers.Except(holders));
    }

    /// <summary>Who may name the local environment itself rather than the current one; each line says why.</summary>
    private static readonly HashSet<string> s_localReaders = new(StringComparer.Ordinal)
    {
        "Portal.Engine.Events.EngineEventWatcher",                  // makes the local environment's row at first start
        "Portal.Engine.Environments.EnvironmentOperations",         // the configured engine cannot be re-pointed, renamed or deleted
        "Portal.Engine.Environments.StoredEnvironments",            // loads every stored environment but the configured one
        "Portal.Engine.Admission.PolicySettingsCache",     // one policy for all of Portal, kept on the local row
        "Portal.Engine.Stats.StatsSamplers",                        // only the local engine's sampler reads the host's cgroups
        "Portal.Engine.Events.VolumeSizeRefresher",                 // sizes of the local engine's volumes (one df loop; per environment with issue 17)
        "Portal.Web.Api.AdminApi",                                  // GET /api/v1/admin/engine: the local engine's state
        "Portal.Engine.Teams.TeamOperations",                       // a new team is granted the local environment
        "Portal.Web.Model.CurrentEnvironment",                      // a page URL without env= is on the local environment
        "Portal.Web.Components.Layout.EnvironmentSwitcher",         // always lists the local environment; choosing it leaves the URL plain
    };

    /// <summary>
    /// The environment seam: a Docker client is built only in <c>Portal.Engine.Docker</c> (one per environment, by its
    /// connection), and everything else finds it through <see cref="Engines"/> for the environment it works on. No one
    /// outside the registry reads a connection's client directly, no one treats the local engine as "the" engine
    /// unless listed, and Web reaches no client at all.
    /// </summary>
    [Fact]
    public void DockerClients_AreBuiltInDockerAndFoundPerEnvironment()
    {
        var web = typeof(Program).Assembly;
        var references = IlReferences.Of(s_engine).Concat(IlReferences.Of(web))
            .Select(r => (Owner: r.Owner.FullName!, r.Member))
            .ToList();
        static bool InDocker(string owner) => owner.StartsWith("Portal.Engine.Docker.", StringComparison.Ordinal);

        var builders = references
            .Where(r => !InDocker(r.Owner) && r.Member.DeclaringType is { } d
                && (d == typeof(DockerClientBuilder) || d == typeof(DockerClient) || d == typeof(EngineConnection) && r.Member is ConstructorInfo))
            .Select(r => $"{r.Owner} → {r.Member.DeclaringType!.Name}.{r.Member.Name}").Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.True(builders.Count == 0, "Only Portal.Engine.Docker builds Docker clients and engine connections: " + string.Join(", ", builders));

        var direct = references
            .Where(r => !InDocker(r.Owner) && r.Member is MethodInfo { Name: "get_Client" } m && m.DeclaringType == typeof(EngineConnection))
            .Select(r => r.Owner).Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.True(direct.Count == 0, "Resolve the client through Engines (the current environment), not a connection's own: " + string.Join(", ", direct));

        var local = references
            .Where(r => !InDocker(r.Owner) && r.Member is MethodInfo { Name: "get_Local" } m && m.DeclaringType == typeof(Engines))
            .Select(r => r.Owner).ToHashSet(StringComparer.Ordinal);
        var unlisted = local.Except(s_localReaders).Order(StringComparer.Ordinal).ToList();
        Assert.True(unlisted.Count == 0, "Work on the current environment (Engines.Current), not the local one, or list the reader here: " + string.Join(", ", unlisted));
        Assert.Empty(s_localReaders.Except(local));

        var webClients = IlReferences.Of(web)
            .Where(r => r.Member.DeclaringType == typeof(IDockerClient) || r.Member is MethodInfo { Name: "get_Client" } m && m.DeclaringType?.Namespace == "Portal.Engine.Docker")
            .Select(r => r.Owner.FullName!)
            .Concat(IlReferences.Holding(web, typeof(IDockerClient)).Select(t => t.FullName!))
            .Distinct().ToList();
        Assert.True(webClients.Count == 0, "Web must not reach a Docker client: " + string.Join(", ", webClients));
        // The scan sees what it should: the registry is read where the engine is used.
        Assert.Contains(references, r => r.Owner == "Portal.Engine.Resources.ContainerResources" && r.Member is MethodInfo { Name: "get_Current" } m && m.DeclaringType == typeof(Engines));
    }

    [Fact]
    public void EngineChangingCalls_AreMadeOnlyByTheResourceLayer()
    {
        var calls = IlReferences.Of(s_engine)
            .Where(r => r.Member is MethodInfo m && m.DeclaringType is { IsInterface: true, Namespace: "Docker.DotNet" } d && d.Name.EndsWith("Operations", StringComparison.Ordinal))
            .Select(r => (Owner: r.Owner.FullName!, Method: r.Member.Name))
            .Distinct()
            .ToList();
        var writes = calls.Where(c => !s_readPrefixes.Any(p => c.Method.StartsWith(p, StringComparison.Ordinal))).ToList();

        var elsewhere = writes
            .Where(c => !c.Owner.StartsWith("Portal.Engine.Resources.", StringComparison.Ordinal) && !s_streams.Contains($"{c.Owner}.{c.Method}"))
            .Select(c => $"{c.Owner}.{c.Method}").Order(StringComparer.Ordinal).ToList();

        Assert.True(elsewhere.Count == 0, "Engine-changing calls outside the resource layer (src/Engine/Resources): " + string.Join(", ", elsewhere));
        var byResources = writes.Where(c => c.Owner.StartsWith("Portal.Engine.Resources.", StringComparison.Ordinal)).Select(c => c.Method).ToHashSet(StringComparer.Ordinal);
        Assert.Empty(s_resourceWrites.Except(byResources));
        // Every allowed stream is still made where this list says (a moved stream must be looked at again).
        Assert.Empty(s_streams.Except(writes.Select(c => $"{c.Owner}.{c.Method}")));
    }
}
