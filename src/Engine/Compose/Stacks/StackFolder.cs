using Portal.Engine.Compose.Model;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Compose.Stacks;

/// <summary>
/// A Portal stack's host folder, <c>&lt;StacksFolder&gt;/&lt;stack&gt;</c>: the project's working directory, and where
/// relative bind sources (<c>./data</c>) point. Resolved binds then meet the ordinary bind-prefix admission.
/// </summary>
public static class StackFolder
{
    /// <summary>The folder of stack <paramref name="name"/> under <paramref name="root"/>.</summary>
    public static string Of(string root, string name) => Path.Combine(Path.GetFullPath(root), name);

    /// <summary>
    /// The project with every relative bind source made absolute under <paramref name="folder"/>; a source that
    /// climbs out of the folder (<c>../other</c>) is refused, so one stack cannot reach another's files.
    /// </summary>
    public static ComposeProject ResolveBinds(ComposeProject project, string folder)
    {
        ArgumentNullException.ThrowIfNull(project);
        var root = Normalize(folder);
        return project with
        {
            Services = [.. project.Services.Select(s => s.Volumes.Any(IsRelativeBind)
                ? s with { Volumes = [.. s.Volumes.Select(m => IsRelativeBind(m) ? m with { Source = Resolve(s, m, root) } : m)] }
                : s)],
        };
    }

    /// <summary>True when a relative bind source is left in <paramref name="project"/>.</summary>
    public static bool HasRelativeBinds(ComposeProject project) =>
        project?.Services.Any(s => s.Volumes.Any(IsRelativeBind)) ?? false;

    private static bool IsRelativeBind(ComposeMount mount) =>
        mount.Type == "bind" && mount.Source is { } source && !source.StartsWith('/') && !source.StartsWith('~');

    private static string Resolve(ComposeService service, ComposeMount mount, string root)
    {
        var resolved = Normalize(root + "/" + mount.Source);
        if (resolved != root && !resolved.StartsWith(root + "/", StringComparison.Ordinal))
        {
            throw OperationFailedException.Invalid(
                $"services.{service.Name}.volumes: bind source '{mount.Source}' leaves the stack's folder; relative sources must stay under it.");
        }

        return resolved;
    }

    private static string Normalize(string path) => Admission.HostPaths.Normalize(path);
}
