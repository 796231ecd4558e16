namespace Portal.Engine.Compose.Loading;

/// <summary>
/// The state of one <see cref="IComposeLoader.Load"/> call: reads each file once, follows <c>extends</c> and
/// <c>include</c> with cycle detection, and merges the user's files in order.
/// </summary>
internal sealed partial class ComposeProjectLoader(ComposeLoadRequest request)
{
    /// <summary>Bounds how many files one project may pull in through include/extends.</summary>
    private const int MaxFiles = 200;

    private readonly Dictionary<string, ComposeFileModel> _byPath = new(StringComparer.Ordinal);
    private readonly HashSet<string> _extending = new(StringComparer.Ordinal);
    private readonly List<string> _including = [];

    public List<ComposeError> Errors { get; } = [];

    /// <summary>Parses, interpolates, validates and resolves one file; null when it has errors (added to <see cref="Errors"/>).</summary>
    public ComposeFileModel? LoadFile(string name, string content, string baseDir, Func<string, string?> lookup)
    {
        if (_byPath.Count >= MaxFiles)
        {
            throw new ComposeLoadException(new SourceMark(name, 0, 0), string.Empty, $"more than {MaxFiles} files through include/extends");
        }

        var before = Errors.Count;
        var root = ComposeYamlReader.Read(name, content);
        NodeInterpolator.Apply(root, lookup, Errors);
        if (Errors.Count == before)
        {
            Errors.AddRange(ComposeSchemaValidator.Validate(root));
        }

        if (Errors.Count > before)
        {
            return null;
        }

        var model = new ComposeFileModel(name, baseDir, root, lookup);
        _byPath[name] = model;
        ApplyIncludes(model);
        if (root.Map("services") is { } services)
        {
            foreach (var service in services.Keys.ToList())
            {
                services.Set(service, ResolveService(model, service, services.KeyMark(service)), services.KeyMark(service));
            }
        }

        ServiceCanonicalizer.CanonicalizeResources(root, baseDir);
        return Errors.Count > before ? null : model;
    }

    /// <summary>A service with its <c>extends</c> chain applied, in canonical form.</summary>
    private MapNode ResolveService(ComposeFileModel file, string name, SourceMark referenceMark)
    {
        if (file.Resolved.TryGetValue(name, out var done))
        {
            return done;
        }

        var path = ComposePath.Key("services", name);
        if (file.Root.Map("services")?[name] is not MapNode service)
        {
            throw new ComposeLoadException(referenceMark, path, $"cannot extend service \"{name}\": no such service in {file.Name}");
        }

        var key = file.Name + "\n" + name;
        if (!_extending.Add(key))
        {
            throw new ComposeLoadException(referenceMark, path,
                $"extends cycle: service \"{name}\" in {file.Name} extends itself through {string.Join(" -> ", _extending.Select(k => k.Replace('\n', ':')))}");
        }

        try
        {
            var own = service.Clone();
            var extends = own["extends"];
            own.Remove("extends");
            ServiceCanonicalizer.Canonicalize(own, path, file.BaseDir, Errors);
            if (extends is null)
            {
                file.Resolved[name] = own;
                return own;
            }

            var (baseFile, baseName) = ExtendsTarget(file, extends, path);
            var resolvedBase = ResolveService(baseFile, baseName, extends.Mark).Clone();
            var merged = ComposeMerger.Merge(resolvedBase, own);
            merged.Mark = own.Mark;
            file.Resolved[name] = merged;
            return merged;
        }
        finally
        {
            _extending.Remove(key);
        }
    }

    private (ComposeFileModel File, string Service) ExtendsTarget(ComposeFileModel file, ComposeNode extends, string path)
    {
        var extendsPath = ComposePath.Key(path, "extends");
        string? baseName;
        string? otherFile = null;
        if (extends is MapNode map)
        {
            baseName = map.String("service");
            otherFile = map.String("file");
        }
        else
        {
            baseName = (extends as ScalarNode)?.Text;
        }

        if (string.IsNullOrEmpty(baseName))
        {
            throw new ComposeLoadException(extends.Mark, extendsPath, "extends needs a service name");
        }

        if (otherFile is null)
        {
            return (file, baseName);
        }

        var relative = ProjectPaths.Join(file.BaseDir, otherFile);
        if (_byPath.TryGetValue(relative, out var cached))
        {
            return (cached, baseName);
        }

        var content = request.Source.TryRead(relative)
            ?? throw new ComposeLoadException(extends.Mark, extendsPath, $"extends file \"{relative}\" not found");
        var loaded = LoadFile(relative, content, ProjectPaths.DirectoryOf(relative), file.Lookup)
            ?? throw new ComposeLoadException(Errors.ToList());
        return (loaded, baseName);
    }
}
