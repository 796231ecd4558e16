namespace Portal.Engine.Admission;

/// <summary>
/// A bind mount of a host path reads or writes the host's files as root. Non-admins bind only
/// under an admin-listed prefix, read-only unless the prefix is read-write; the prefix is checked
/// against the path with symlinks resolved, so a link under an allowed prefix cannot lead out.
/// </summary>
public sealed class NoHostBindsRule : IAdmissionRule<ContainerAdmission>
{
    public const string Setting = "bindPrefixes";

    public string Name => "no-host-binds";

    public AdmissionRefusal? Check(ContainerAdmission request)
    {
        var prefixes = request.Settings.BindPrefixes;
        foreach (var (bind, index) in request.Spec.Binds.Select((b, i) => (BindMount.Parse(b), i)))
        {
            var field = $"binds[{index}]";
            if (!bind.Source.StartsWith('/'))
            {
                return new AdmissionRefusal($"Bind source '{bind.Source}' is not an absolute host path; use a named volume.", null) { Field = field };
            }

            var lexical = HostPaths.Normalize(bind.Source);
            var resolved = HostPaths.Resolve(bind.Source) ?? "";
            var prefix = prefixes.FirstOrDefault(p =>
                HostPaths.IsAtOrUnder(lexical, p.Path) && HostPaths.IsAtOrUnder(resolved, HostPaths.Resolve(p.Path) ?? p.Path));
            if (prefix is null)
            {
                return new AdmissionRefusal(
                    $"Mounting host path '{bind.Source}' is reserved for administrators; use a named volume, or an administrator adds a prefix to '{Setting}'.",
                    Setting) { Field = field };
            }

            if (!prefix.ReadWrite && !bind.ReadOnly)
            {
                return new AdmissionRefusal(
                    $"Host path '{bind.Source}' may only be mounted read-only (':ro') under '{prefix.Path}'; an administrator may mark that prefix read-write in '{Setting}'.",
                    Setting) { Field = field };
            }
        }

        return null;
    }
}
