namespace Portal.Engine.Compose.Loading;

/// <summary>
/// Parses the short volume syntax <c>[SOURCE:]TARGET[:OPTIONS]</c> into compose's long form: a source starting with
/// <c>.</c>, <c>/</c> or <c>~</c> is a bind (with <c>bind.create_host_path: true</c>, as compose implies for short
/// syntax), any other source a named volume, no source an anonymous volume. Options: <c>ro</c>, <c>rw</c>,
/// <c>nocopy</c>, <c>z</c>/<c>Z</c> (SELinux) and the bind propagations.
/// </summary>
internal static class VolumeSyntax
{
    /// <summary>Bind propagation modes the engine knows, for the short syntax here and the long syntax's <c>bind.propagation</c>.</summary>
    internal static readonly HashSet<string> Propagations =
        new(["rprivate", "private", "rshared", "shared", "rslave", "slave"], StringComparer.Ordinal);

    /// <exception cref="FormatException">The text is not a volume specification.</exception>
    public static MapNode Parse(string spec, SourceMark mark)
    {
        var parts = spec.Split(':');
        if (spec.Length == 0 || parts.Length > 3 || parts.Any(p => p.Length == 0))
        {
            throw new FormatException($"invalid volume specification: \"{spec}\"");
        }

        var source = parts.Length >= 2 ? parts[0] : null;
        var target = parts.Length >= 2 ? parts[1] : parts[0];
        var options = parts.Length == 3 ? parts[2].Split(',') : [];
        if (!target.StartsWith('/'))
        {
            throw new FormatException($"invalid volume specification: \"{spec}\": the target must be an absolute path");
        }

        var bind = source is not null && IsFilePath(source);
        var node = new MapNode(mark);
        node.Set("type", new ScalarNode(mark, bind ? "bind" : "volume"));
        if (source is not null)
        {
            node.Set("source", new ScalarNode(mark, source));
        }

        node.Set("target", new ScalarNode(mark, CleanPath(target)));
        var bindNode = new MapNode(mark);
        var volumeNode = new MapNode(mark);
        foreach (var option in options)
        {
            switch (option)
            {
                case "ro":
                    node.Set("read_only", new ScalarNode(mark, true));
                    break;
                case "rw":
                    break;
                case "nocopy":
                    volumeNode.Set("nocopy", new ScalarNode(mark, true));
                    break;
                case "z" or "Z":
                    bindNode.Set("selinux", new ScalarNode(mark, option));
                    break;
                case var p when Propagations.Contains(p):
                    bindNode.Set("propagation", new ScalarNode(mark, p));
                    break;
                default:
                    throw new FormatException($"invalid volume specification: \"{spec}\": unknown option \"{option}\"");
            }
        }

        if (bind)
        {
            bindNode.Set("create_host_path", new ScalarNode(mark, true));
            node.Set("bind", bindNode);
        }
        else
        {
            node.Set("volume", volumeNode);
        }

        return node;
    }

    public static bool IsFilePath(string source) => source.Length > 0 && source[0] is '.' or '/' or '~';

    /// <summary>Like Go's <c>path.Clean</c> for absolute container paths.</summary>
    public static string CleanPath(string path)
    {
        var rooted = path.StartsWith('/');
        var stack = new List<string>();
        foreach (var segment in path.Split('/'))
        {
            if (segment is "" or ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (stack.Count > 0 && stack[^1] != "..")
                {
                    stack.RemoveAt(stack.Count - 1);
                }
                else if (!rooted)
                {
                    stack.Add(segment);
                }

                continue;
            }

            stack.Add(segment);
        }

        var joined = string.Join('/', stack);
        return rooted ? "/" + joined : (joined.Length == 0 ? "." : joined);
    }
}
