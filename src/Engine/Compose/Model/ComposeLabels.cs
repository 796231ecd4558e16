namespace Portal.Engine.Compose.Model;

/// <summary>The labels <c>docker compose</c> v2 writes, so the CLI and Portal see the same stacks.</summary>
public static class ComposeLabels
{
    /// <summary>Project name, on containers, networks and volumes.</summary>
    public const string Project = "com.docker.compose.project";

    /// <summary>Service a container runs.</summary>
    public const string Service = "com.docker.compose.service";

    /// <summary>1-based replica number of a container within its service.</summary>
    public const string ContainerNumber = "com.docker.compose.container-number";

    /// <summary><c>True</c> for <c>compose run</c> containers, <c>False</c> for service replicas.</summary>
    public const string Oneoff = "com.docker.compose.oneoff";

    /// <summary>sha256 of the service's canonical JSON; a different hash means the container must be recreated.</summary>
    public const string ConfigHash = "com.docker.compose.config-hash";

    /// <summary>Directory the project was loaded from.</summary>
    public const string WorkingDir = "com.docker.compose.project.working_dir";

    /// <summary>The project's compose files, comma separated.</summary>
    public const string ConfigFiles = "com.docker.compose.project.config_files";

    /// <summary>Dependencies as <c>service:condition:restart</c>, comma separated.</summary>
    public const string DependsOn = "com.docker.compose.depends_on";

    /// <summary>Id (digest) of the image the container was created from.</summary>
    public const string Image = "com.docker.compose.image";

    /// <summary>Version of the compose implementation that created the object.</summary>
    public const string Version = "com.docker.compose.version";

    /// <summary>Key of a network in the project's <c>networks</c>.</summary>
    public const string Network = "com.docker.compose.network";

    /// <summary>Key of a volume in the project's <c>volumes</c>.</summary>
    public const string Volume = "com.docker.compose.volume";

    /// <summary>The compose version Portal writes: the v2 line whose labels and hash it follows.</summary>
    public const string PortalComposeVersion = "2.29.7";
}
