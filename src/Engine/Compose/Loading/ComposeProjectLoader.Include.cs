namespace Portal.Engine.Compose.Loading;

internal sealed partial class ComposeProjectLoader
{
    private static readonly string[] s_resourceKinds = ["services", "networks", "volumes", "secrets", "configs"];

    /// <summary>
    /// Loads each <c>include</c> entry as its own project (its files merged in order, its own <c>.env</c> or
    /// <c>env_file</c>) and adds its resources; a resource the including file also defines is a conflict, as in compose.
    /// </summary>
    private void ApplyIncludes(ComposeFileModel file)
    {
        if (file.Root["include"] is not SeqNode includes)
        {
            return;
        }

        file.Root.Remove("include");
        for (var i = 0; i < includes.Items.Count; i++)
        {
            var entry = includes.Items[i];
            var path = ComposePath.Index("include", i);
            var included = LoadInclude(file, entry, path);
            foreach (var kind in s_resourceKinds)
            {
                if (included.Map(kind) is not { } resources)
                {
                    continue;
                }

                if (file.Root.Map(kind) is not { } own)
                {
                    own = new MapNode(entry.Mark);
                    file.Root.Set(kind, own, entry.Mark);
                }

                foreach (var (name, value) in resources.Entries)
                {
                    if (own.Contains(name))
                    {
                        var mark = own.KeyMark(name);
                        Errors.Add(new ComposeError(mark.File, mark.Line, mark.Column, ComposePath.Key(kind, name),
                            $"{kind[..^1]} \"{name}\" conflicts with the one imported by {path}"));
                        continue;
                    }

                    own.Set(name, value, resources.KeyMark(name));
                    if (kind == "services")
                    {
                        // Imported services are already resolved and canonical.
                        file.Resolved[name] = (MapNode)value;
                    }
                }
            }
        }
    }

    private MapNode LoadInclude(ComposeFileModel file, ComposeNode entry, string path)
    {
        var paths = new List<string>();
        string? projectDirectory = null;
        var envFiles = new List<string>();
        switch (entry)
        {
            case ScalarNode scalar:
                paths.Add(scalar.Text ?? string.Empty);
                break;
            case MapNode map:
                paths.AddRange(Strings(map["path"]));
                projectDirectory = map.String("project_directory");
                envFiles.AddRange(Strings(map["env_file"]));
                break;
        }

        if (paths.Count == 0)
        {
            throw new ComposeLoadException(entry.Mark, path, "include needs a path");
        }

        var resolved = paths.Select(p => ProjectPaths.Join(file.BaseDir, p)).ToList();
        var directory = projectDirectory is null ? ProjectPaths.DirectoryOf(resolved[0]) : ProjectPaths.Join(file.BaseDir, projectDirectory);
        var variables = IncludeVariables(entry, path, directory, envFiles.Select(e => ProjectPaths.Join(file.BaseDir, e)).ToList(), envFiles.Count > 0);
        string? Lookup(string name) => request.Variables?.GetValueOrDefault(name) ?? variables.GetValueOrDefault(name) ?? file.Lookup(name);

        if (_including.Contains(resolved[0]) || resolved[0] == file.Name)
        {
            throw new ComposeLoadException(entry.Mark, path,
                $"include cycle: {string.Join(" -> ", _including.Append(file.Name).Append(resolved[0]))}");
        }

        _including.Add(file.Name);
        try
        {
            MapNode? merged = null;
            foreach (var relative in resolved)
            {
                var content = request.Source.TryRead(relative)
                    ?? throw new ComposeLoadException(entry.Mark, path, $"included file \"{relative}\" not found");
                var model = LoadFile(relative, content, directory, Lookup) ?? throw new ComposeLoadException(Errors.ToList());
                merged = merged is null ? model.Root : ComposeMerger.Merge(merged, model.Root);
            }

            return merged!;
        }
        finally
        {
            _including.RemoveAt(_including.Count - 1);
        }
    }

    private Dictionary<string, string> IncludeVariables(ComposeNode entry, string path, string directory, List<string> envFiles, bool explicitFiles)
    {
        if (!explicitFiles)
        {
            envFiles = [ProjectPaths.Join(directory, ".env")];
        }

        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var envFile in envFiles)
        {
            var text = request.Source.TryRead(envFile);
            if (text is null)
            {
                if (explicitFiles)
                {
                    throw new ComposeLoadException(entry.Mark, path, $"env file \"{envFile}\" not found");
                }

                continue;
            }

            foreach (var (key, value) in ReadEnvFile(envFile, text, n => request.Variables?.GetValueOrDefault(n)))
            {
                variables[key] = value;
            }
        }

        return variables;
    }

    private static IEnumerable<string> Strings(ComposeNode? node) => node switch
    {
        ScalarNode scalar when scalar.Text is { } text => [text],
        SeqNode seq => seq.Items.OfType<ScalarNode>().Select(s => s.Text).OfType<string>(),
        _ => [],
    };

    private static OrderedDictionary<string, string> ReadEnvFile(string name, string text, Func<string, string?> lookup)
    {
        try
        {
            return DotEnvParser.Parse(text, lookup);
        }
        catch (DotEnvException ex)
        {
            throw new ComposeLoadException(new SourceMark(name, ex.Line, 1), string.Empty, ex.Message);
        }
    }
}
