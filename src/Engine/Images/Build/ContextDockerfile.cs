using System.Formats.Tar;
using System.Text;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Images.Build;

/// <summary>
/// Finds the Dockerfile the engine will read in a prepared context and returns its text, by playing the
/// engine's unpacking: entries land in order, a later one replacing an earlier one (a file replacing a folder
/// takes what was under it), a folder link sending what is written under it elsewhere, and a missing
/// <c>Dockerfile</c> falling back to <c>dockerfile</c>.
/// </summary>
/// <remarks>
/// For a check of what the Dockerfile names only a plain file at its own path is accepted: a Dockerfile that is
/// a link, sits behind one, was written through one, or is larger than <see cref="DockerfileLabels.MaxDockerfileBytes"/>
/// is refused rather than guessed at, and so is a context with links and more than <see cref="MaxTrackedPaths"/> entries.
/// </remarks>
public static class ContextDockerfile
{
    /// <summary>Entries followed one by one when the context holds links; a larger context with links is refused.</summary>
    public const int MaxTrackedPaths = 100_000;

    /// <summary>The text of the Dockerfile <paramref name="dockerfile"/> names in the tar at <paramref name="contextPath"/>; null when it has none (the engine then fails).</summary>
    public static async Task<string?> ReadAsync(string contextPath, string? dockerfile, CancellationToken cancellationToken)
    {
        var keep = BuildContextWriter.DockerfileName(dockerfile);
        var entries = new List<(TarEntryType Type, string Name, string? Link)>();
        var links = false;
        await ContextArchive.ReadAsync(contextPath, (type, name, link, _, _) =>
        {
            links |= type is TarEntryType.SymbolicLink or TarEntryType.HardLink;
            if (entries.Count <= MaxTrackedPaths)
            {
                entries.Add((type, ContextEntryCheck.CleanName(name), link));
            }

            return Task.CompletedTask;
        }, cancellationToken).ConfigureAwait(false);

        if (links && entries.Count > MaxTrackedPaths)
        {
            throw Unreadable(keep, $"is in a context with links and more than {MaxTrackedPaths:N0} entries");
        }

        int? wanted;
        if (links)
        {
            var tree = new ContextTree();
            for (var i = 0; i < entries.Count; i++)
            {
                tree.Add(i, entries[i].Type, entries[i].Name, entries[i].Link);
            }

            var (index, problem) = tree.Find(keep);
            (index, problem) = index is null && problem is null && keep == "Dockerfile" ? tree.Find("dockerfile") : (index, problem);
            wanted = problem is null ? index : throw Unreadable(keep, problem);
        }
        else
        {
            // No links: the last entry at the path is the file, unless a later file took the place of a folder above it.
            wanted = await LastPlainAsync(contextPath, keep, cancellationToken).ConfigureAwait(false);
            if (wanted is null && keep == "Dockerfile")
            {
                wanted = await LastPlainAsync(contextPath, "dockerfile", cancellationToken).ConfigureAwait(false);
            }
        }

        return wanted is { } at ? await ReadEntryAsync(contextPath, at, keep, cancellationToken).ConfigureAwait(false) : null;
    }

    /// <summary>The refusal for a Dockerfile whose text cannot be checked.</summary>
    public static OperationFailedException Unreadable(string dockerfile, string why) =>
        OperationFailedException.Invalid($"The Dockerfile '{dockerfile}' {why}, so Portal cannot check the images it names; "
            + $"make it a plain file of at most {Formatting.ByteSize.Exact(DockerfileLabels.MaxDockerfileBytes)} in the context, with no link on its path.", "dockerfile");

    private static async Task<int?> LastPlainAsync(string contextPath, string path, CancellationToken ct)
    {
        int? last = null;
        var index = 0;
        await ContextArchive.ReadAsync(contextPath, (type, name, _, _, _) =>
        {
            var clean = ContextEntryCheck.CleanName(name);
            if (clean == path)
            {
                last = type is TarEntryType.RegularFile or TarEntryType.V7RegularFile ? index : null;
            }
            else if (type != TarEntryType.Directory && path.StartsWith(clean + "/", StringComparison.Ordinal))
            {
                last = null;
            }

            index++;
            return Task.CompletedTask;
        }, ct).ConfigureAwait(false);
        return last;
    }

    private static async Task<string> ReadEntryAsync(string contextPath, int wanted, string keep, CancellationToken ct)
    {
        byte[]? bytes = null;
        var read = 0;
        var index = 0;
        await ContextArchive.ReadAsync(contextPath, async (_, _, _, data, _) =>
        {
            if (index++ == wanted && data is not null)
            {
                bytes = new byte[DockerfileLabels.MaxDockerfileBytes + 1];
                read = await data.ReadAtLeastAsync(bytes, bytes.Length, throwOnEndOfStream: false, ct).ConfigureAwait(false);
            }
        }, ct).ConfigureAwait(false);
        return read > DockerfileLabels.MaxDockerfileBytes ? throw Unreadable(keep, $"is larger than {Formatting.ByteSize.Exact(DockerfileLabels.MaxDockerfileBytes)}")
            : bytes is null ? "" : Encoding.UTF8.GetString(bytes, 0, read);
    }

    /// <summary>The unpacked context as far as paths go, with the links in it.</summary>
    private sealed class ContextTree
    {
        private const int MaxLinkHops = 40;

        private readonly Dictionary<string, Node> _nodes = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<string>> _children = new(StringComparer.Ordinal);
        private bool _broken;

        public void Add(int index, TarEntryType type, string name, string? link)
        {
            if (_broken || name.Length == 0)
            {
                return;
            }

            var slash = name.LastIndexOf('/');
            var (parent, throughLink) = slash < 0 ? ("", false) : Walk(name[..slash], followLast: true, create: true);
            if (parent is null || (_nodes.TryGetValue(parent, out var folder) && folder.Kind != Kind.Folder))
            {
                // The engine's unpacking fails here (a file in the way, a link loop): it builds nothing.
                _broken = true;
                return;
            }

            if (parent.Length > 0 && !_nodes.ContainsKey(parent))
            {
                Set(parent, new Node(Kind.Folder, -1, null, throughLink));
            }

            var path = Join(parent, name[(slash + 1)..]);
            if (_nodes.TryGetValue(path, out var existing))
            {
                if (existing.Kind == Kind.Folder && type == TarEntryType.Directory)
                {
                    return;
                }

                Remove(path);
            }

            switch (type)
            {
                case TarEntryType.Directory:
                    Set(path, new Node(Kind.Folder, -1, null, throughLink));
                    break;
                case TarEntryType.SymbolicLink:
                    Set(path, new Node(Kind.Link, -1, link ?? "", true));
                    break;
                case TarEntryType.HardLink:
                    // The engine links to the entry itself (a link to a link stays a link); a folder cannot be hard-linked.
                    var (target, _) = Walk(link ?? "", followLast: false, create: false);
                    if (target is null || !_nodes.TryGetValue(target, out var node) || node.Kind == Kind.Folder)
                    {
                        _broken = true;
                        return;
                    }

                    Set(path, node with { Linked = true });
                    break;
                default:
                    Set(path, new Node(Kind.File, index, null, throughLink));
                    break;
            }
        }

        /// <summary>The entry index of the file at <paramref name="path"/>, or a reason it is not a plain file there; neither when nothing is there.</summary>
        public (int? Index, string? Problem) Find(string path)
        {
            if (_broken)
            {
                return (null, null);
            }

            var (resolved, throughLink) = Walk(path, followLast: true, create: false);
            var node = resolved is null ? null : _nodes.GetValueOrDefault(resolved);
            if (throughLink || node?.Linked == true)
            {
                return (null, "is a link or sits behind one");
            }

            return node is { Kind: Kind.File } ? (node.Index, null) : (null, null);
        }

        private (string? Path, bool ThroughLink) Walk(string name, bool followLast, bool create)
        {
            var pending = new Stack<string>(name.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse());
            var current = "";
            var throughLink = false;
            var hops = 0;
            while (pending.TryPop(out var part))
            {
                if (part == ".")
                {
                    continue;
                }

                if (part == "..")
                {
                    current = current.Contains('/', StringComparison.Ordinal) ? current[..current.LastIndexOf('/')] : "";
                    continue;
                }

                var next = Join(current, part);
                var node = _nodes.GetValueOrDefault(next);
                if (node is { Kind: Kind.Link } && (pending.Count > 0 || followLast))
                {
                    if (++hops > MaxLinkHops)
                    {
                        return (null, true);
                    }

                    throughLink = true;
                    // The engine unpacks inside the context as its root: an absolute target starts there.
                    if (node.Target!.StartsWith('/'))
                    {
                        current = "";
                    }

                    foreach (var step in node.Target.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse())
                    {
                        pending.Push(step);
                    }

                    continue;
                }

                if (pending.Count > 0 && node is null)
                {
                    if (!create)
                    {
                        return (null, throughLink);
                    }

                    Set(next, new Node(Kind.Folder, -1, null, throughLink));
                }
                else if (pending.Count > 0 && node!.Kind != Kind.Folder)
                {
                    return (null, throughLink);
                }

                current = next;
            }

            return (current, throughLink);
        }

        private void Set(string path, Node node)
        {
            _nodes[path] = node;
            var slash = path.LastIndexOf('/');
            var parent = slash < 0 ? "" : path[..slash];
            if (!_children.TryGetValue(parent, out var list))
            {
                _children[parent] = list = [];
            }

            list.Add(path);
        }

        private void Remove(string path)
        {
            _nodes.Remove(path);
            if (_children.Remove(path, out var children))
            {
                foreach (var child in children)
                {
                    Remove(child);
                }
            }
        }

        private static string Join(string parent, string name) => parent.Length == 0 ? name : parent + "/" + name;

        private enum Kind
        {
            Folder,
            File,
            Link,
        }

        /// <summary>What is at a path: a file's entry index, a link's target; <c>Linked</c> when it came through a link (hard link, or written under a folder link).</summary>
        private sealed record Node(Kind Kind, int Index, string? Target, bool Linked);
    }
}
