using System.Globalization;
using Portal.Engine.Compose.Model;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Compose.Execution;

/// <summary>The labels compose v2 stamps on containers, networks and volumes, plus Portal's team and owner.</summary>
public static class ComposeObjectLabels
{
    /// <summary>A replica's labels; <paramref name="admitted"/> (what admission changed in the service) is hashed with it and stamped when not empty.</summary>
    public static Dictionary<string, string> Container(ComposeProject project, ComposeService service, int number, string? imageId, ComposeRunContext context, AdmittedChanges? admitted = null)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(context);
        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [ComposeLabels.Project] = project.Name,
            [ComposeLabels.Service] = service.Name,
            [ComposeLabels.ContainerNumber] = number.ToString(CultureInfo.InvariantCulture),
            [ComposeLabels.Oneoff] = "False",
            [ComposeLabels.ConfigHash] = ComposeHash.Service(service, admitted),
            [ComposeLabels.WorkingDir] = context.WorkingDir,
            [ComposeLabels.ConfigFiles] = string.Join(',', context.ConfigFiles),
            [ComposeLabels.DependsOn] = string.Join(',', service.DependsOn.Select(d =>
                $"{d.Key}:{d.Value.Condition}:{(d.Value.Restart ? "true" : "false")}")),
            [ComposeLabels.Image] = imageId ?? "",
            [ComposeLabels.Version] = ComposeLabels.PortalComposeVersion,
        };
        if (admitted is { IsEmpty: false })
        {
            labels[Labels.PortalLabels.ComposeAdmitted] = admitted.ToLabel();
        }

        return labels;
    }

    public static Dictionary<string, string> Network(ComposeProject project, ComposeNetwork network, ComposeRunContext context)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(context);
        var labels = OwningTeam.Labels(ObjectLabels.Validate(network.Labels), context.Team, context.Actor.UserName);
        labels[ComposeLabels.Network] = network.Key;
        labels[ComposeLabels.Project] = project.Name;
        labels[ComposeLabels.Version] = ComposeLabels.PortalComposeVersion;
        return labels;
    }

    public static Dictionary<string, string> Volume(ComposeProject project, ComposeVolume volume, ComposeRunContext context)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(volume);
        ArgumentNullException.ThrowIfNull(context);
        var labels = OwningTeam.Labels(ObjectLabels.Validate(volume.Labels), context.Team, context.Actor.UserName);
        labels[ComposeLabels.Volume] = volume.Key;
        labels[ComposeLabels.Project] = project.Name;
        labels[ComposeLabels.Version] = ComposeLabels.PortalComposeVersion;
        return labels;
    }
}
