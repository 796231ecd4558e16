using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Portal.Engine.Compose.Loading;

namespace Portal.Engine.Tests.Compose;

/// <summary>An in-memory project directory: the files a stack would store.</summary>
internal sealed class InMemoryFileSource : IComposeFileSource
{
    private readonly ConcurrentDictionary<string, string> _files = new(StringComparer.Ordinal);

    public ConcurrentQueue<string> Reads { get; } = new();

    public InMemoryFileSource With(string path, string content)
    {
        _files[path] = content;
        return this;
    }

    public string? TryRead(string relativePath)
    {
        Reads.Enqueue(relativePath);
        return _files.TryGetValue(relativePath, out var content) ? content : null;
    }
}

/// <summary>Short ways to run the loader in tests.</summary>
internal static class ComposeTestFiles
{
    public static ComposeLoadResult Load(string yaml, InMemoryFileSource? source = null,
        IReadOnlyDictionary<string, string>? variables = null, IReadOnlyCollection<string>? profiles = null, string? projectName = "demo") =>
        new ComposeLoader().Load(new ComposeLoadRequest([new ComposeFile("compose.yaml", yaml)], source ?? new InMemoryFileSource(),
            variables, projectName, profiles));

    public static ComposeLoadResult LoadFiles(params (string Name, string Yaml)[] files) =>
        new ComposeLoader().Load(new ComposeLoadRequest(files.Select(f => new ComposeFile(f.Name, f.Yaml)).ToList(),
            new InMemoryFileSource(), null, "demo"));

    /// <summary>The loaded document, failing the test with every error when loading failed.</summary>
    public static JsonObject Ok(this ComposeLoadResult result)
    {
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        return result.Document!;
    }

    public static JsonObject Service(this JsonObject document, string name) => (JsonObject)document["services"]![name]!;

    public static ComposeError SingleError(this ComposeLoadResult result)
    {
        Assert.Null(result.Document);
        return Assert.Single(result.Errors);
    }

    public static string Json(this JsonNode? node) => node?.ToJsonString() ?? "null";
}
