using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Portal.Engine.Compose.Loading;

/// <summary>One compose file as the user gave it; <see cref="Name"/> is how errors name it (e.g. <c>compose.yaml</c>).</summary>
public sealed record ComposeFile(string Name, string Content)
{
    /// <summary>
    /// Null for UTF-8 text; <c>base64</c> when <see cref="Content"/> holds a binary file's bytes (a stack's build context
    /// file uploaded from disk). The loader never reads binary files.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Encoding { get; init; }

    /// <summary>
    /// For a stack's stored files: whether the file is one of the project's compose files, merged in list order. Null means
    /// by its name (<c>.yaml</c>, <c>.yml</c>, <c>.json</c>); false keeps a YAML file as a project file only (an
    /// <c>extends</c> or <c>include</c> target, a config source).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Merged { get; init; }
}

/// <summary>
/// Reads the other files a compose project refers to (<c>.env</c>, <c>env_file</c>, <c>extends.file</c>,
/// <c>include</c>, secret and config file sources) by a path relative to the project directory.
/// A stack stored by Portal serves its own stored files; nothing outside the project is readable.
/// </summary>
public interface IComposeFileSource
{
    /// <summary>Returns the file's text, or null when the project has no such file.</summary>
    string? TryRead(string relativePath);
}

/// <summary>What to load: the files in override order, the variables the user set, and the active profiles.</summary>
public sealed record ComposeLoadRequest(
    IReadOnlyList<ComposeFile> Files,
    IComposeFileSource Source,
    IReadOnlyDictionary<string, string>? Variables = null,
    string? ProjectName = null,
    IReadOnlyCollection<string>? Profiles = null);

/// <summary>A load or validation error, located in the user's file.</summary>
/// <param name="File">The file's name as given.</param>
/// <param name="Line">1-based line, 0 when unknown.</param>
/// <param name="Column">1-based column, 0 when unknown.</param>
/// <param name="Path">Path in the document, e.g. <c>services.web.ports[1]</c>; empty for the whole file.</param>
/// <param name="Message">What is wrong, for a person.</param>
public sealed record ComposeError(string File, int Line, int Column, string Path, string Message)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"{File}:{Line}:{Column}: {(Path.Length > 0 ? Path + ": " : string.Empty)}{Message}";
}

/// <summary>
/// The loaded project in canonical form: the JSON that <c>docker compose config --format json</c> prints —
/// interpolated, merged, extends/include/profiles resolved, env_file read into <c>environment</c> (a map),
/// labels as a map, ports/volumes/secrets/configs in long syntax, depends_on and service networks as maps,
/// build as an object, <c>name</c> set. Null when there are errors.
/// </summary>
public sealed record ComposeLoadResult(JsonObject? Document, IReadOnlyList<ComposeError> Errors)
{
    /// <summary>True when the project loaded without errors.</summary>
    public bool Succeeded => Document is not null && Errors.Count == 0;
}

/// <summary>Turns compose files into the canonical model document.</summary>
public interface IComposeLoader
{
    /// <summary>Loads and validates; never throws for bad input, reports <see cref="ComposeError"/>s instead.</summary>
    ComposeLoadResult Load(ComposeLoadRequest request);
}
