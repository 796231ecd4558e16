namespace Portal.Engine.Admission;

/// <summary>Host path arithmetic for bind checks: lexical clean-up and symlink resolution, component by component.</summary>
public static class HostPaths
{
    /// <summary>Collapses <c>//</c>, <c>.</c> and <c>..</c> and drops a trailing slash; <c>/a/../b/</c> becomes <c>/b</c>.</summary>
    public static string Normalize(string path)
    {
        var parts = new List<string>();
        foreach (var part in (path ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }

                continue;
            }

            parts.Add(part);
        }

        return "/" + string.Join('/', parts);
    }

    /// <summary>
    /// The path the engine will really bind: every existing component that is a symlink is
    /// followed (the engine resolves them the same way, as root, on this host). Components that do
    /// not exist are kept as written. Gives up after 40 links, like the kernel, and returns null.
    /// </summary>
    public static string? Resolve(string path)
    {
        var pending = new Queue<string>(Normalize(path).Split('/', StringSplitOptions.RemoveEmptyEntries));
        var current = "/";
        var hops = 0;
        while (pending.Count > 0)
        {
            var part = pending.Dequeue();
            if (part == "..")
            {
                current = Parent(current);
                continue;
            }

            var next = current == "/" ? "/" + part : current + "/" + part;
            string? target;
            try
            {
                target = new FileInfo(next).LinkTarget;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
            {
                // ArgumentException: a NUL in the path (found by fuzzing). No such file: the rule then refuses it.
                target = null;
            }

            if (target is null)
            {
                current = next;
                continue;
            }

            if (++hops > 40)
            {
                return null;
            }

            // Re-walk the link's target followed by what was left of the path.
            var rest = pending.ToList();
            pending = new Queue<string>(target.Split('/', StringSplitOptions.RemoveEmptyEntries).Concat(rest));
            if (target.StartsWith('/'))
            {
                current = "/";
            }
        }

        return current;
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="ancestor"/> or lies below it (both normalized).</summary>
    public static bool IsAtOrUnder(string path, string ancestor) =>
        ancestor == "/" || path == ancestor || path.StartsWith(ancestor + "/", StringComparison.Ordinal);

    private static string Parent(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash <= 0 ? "/" : path[..slash];
    }
}
