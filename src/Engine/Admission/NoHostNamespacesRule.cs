namespace Portal.Engine.Admission;

/// <summary>
/// Host namespaces, or another container's, break the isolation between teams. A host namespace
/// is allowed when the settings list it; another container's namespace (or its volumes) only when
/// that container is the same team's and the settings allow sharing within a team.
/// </summary>
public sealed class NoHostNamespacesRule : IAdmissionRule<ContainerAdmission>, IAdmissionRule<ImageBuildAdmission>
{
    public const string HostSetting = "allowedHostNamespaces";

    public const string SharingSetting = "allowSameTeamSharing";

    public const string RuleName = "no-host-namespaces";

    public string Name => RuleName;

    /// <summary>A build's steps on the host's network, or another container's, reach the host: administrators only, no setting.</summary>
    public AdmissionRefusal? Check(ImageBuildAdmission request)
    {
        var mode = request.NetworkMode?.Trim();
        return mode is not null && (mode == "host" || mode.StartsWith("container:", StringComparison.Ordinal))
            ? AdmissionRefusal.ReservedForAdmins($"a build on network '{mode}' would reach the host; only administrators may.", "networkMode")
            : null;
    }

    public AdmissionRefusal? Check(ContainerAdmission request)
    {
        var spec = request.Spec;
        var modes = new[]
        {
            ("network", spec.NetworkMode, "networkMode"),
            ("pid", spec.PidMode, "pidMode"),
            ("ipc", spec.IpcMode, "ipcMode"),
            ("uts", spec.UtsMode, "utsMode"),
            ("userns", spec.UsernsMode, "usernsMode"),
            ("cgroupns", spec.CgroupnsMode, "cgroupnsMode"),
        };
        foreach (var (ns, mode, field) in modes)
        {
            if (mode is null)
            {
                continue;
            }

            if (mode.Equals("host", StringComparison.OrdinalIgnoreCase) && !request.Settings.AllowedHostNamespaces.Contains(ns))
            {
                return new AdmissionRefusal($"Sharing the host's {ns} namespace ({ns} mode '{mode}') is reserved for administrators; an administrator may add '{ns}' to '{HostSetting}'.", HostSetting) { Field = field };
            }

            if (mode.StartsWith("container:", StringComparison.OrdinalIgnoreCase) && !request.MayShareWith(mode["container:".Length..]))
            {
                return SharingRefusal($"{ns} mode '{mode}'", field);
            }
        }

        for (var i = 0; i < spec.VolumesFrom.Count; i++)
        {
            var container = spec.VolumesFrom[i].Split(':')[0];
            if (!request.MayShareWith(container))
            {
                return SharingRefusal($"volumes from '{container}'", $"volumesFrom[{i}]");
            }
        }

        return null;
    }

    private static AdmissionRefusal SharingRefusal(string what, string field) => new(
        $"Joining another container's namespaces or volumes ({what}) is reserved for administrators; with '{SharingSetting}' an administrator lets a team share between its own containers.",
        SharingSetting) { Field = field };
}
