using System.Reflection;
using Xunit;

namespace Portal.IntegrationTests;

/// <summary>
/// The Engine's folders depend on each other one way: a folder (<c>Portal.Engine.X</c>, its sub-folders
/// included) that uses another is never used back, directly or round a longer loop; the pipeline's folders
/// (primitives, admission, runner, Docker, quotas) above all. Read from the IL, so a use inside a lambda or an
/// async method counts.
/// </summary>
public sealed class EngineFolderArchitectureTests
{
    private static readonly Assembly s_engine = typeof(Portal.Engine.PortalEngineHostingExtensions).Assembly;

    private static readonly Lazy<IReadOnlyList<TypeUse>> s_uses = new(() => TypeUsage.Scan(s_engine));

    [Fact]
    public void EngineFolders_HaveNoCycles()
    {
        var graph = FolderGraph();

        var loops = graph.Keys.Order(StringComparer.Ordinal)
            .Select(f => graph[f].Select(next => PathBetween(graph, next, f)).OfType<List<string>>().Select(back => $"{f} → {string.Join(" → ", back)}").FirstOrDefault())
            .OfType<string>()
            .ToList();
        Assert.True(loops.Count == 0, "Engine folders use each other round a loop (the first folder uses the next):\n" + string.Join("\n", loops));
        // The scan sees real edges: operations use the pipeline and the runner, which use neither back.
        Assert.Contains("Pipeline", graph["Containers"]);
        Assert.Contains("Runner", graph["Containers"]);
        Assert.Contains("Admission", graph["Runner"]);
        // The access steps the operations share sit below them all.
        Assert.Contains("Access", graph["Containers"]);
        Assert.Contains("Access", graph["Networks"]);
    }

    [Theory]
    [InlineData("Pipeline")]
    [InlineData("Admission")]
    [InlineData("Runner")]
    [InlineData("Docker")]
    [InlineData("Quotas")]
    public void PipelineFolders_AreOnNoLoop(string folder)
    {
        var graph = FolderGraph();

        // A folder that uses no other (Pipeline uses only Data) has no entry, and is on no loop.
        var back = (graph.GetValueOrDefault(folder) ?? []).Select(next => PathBetween(graph, next, folder)).OfType<List<string>>().FirstOrDefault();

        Assert.True(back is null, $"{folder} → {string.Join(" → ", back ?? [])}");
    }

    /// <summary>Folder → the folders its types use (top-level folder under Portal.Engine; the root namespace is left out).</summary>
    internal static Dictionary<string, HashSet<string>> FolderGraph()
    {
        var graph = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var use in s_uses.Value)
        {
            if (Folder(use.User) is not { } from || Folder(use.Used) is not { } to || from == to)
            {
                continue;
            }

            if (!graph.TryGetValue(from, out var set))
            {
                graph[from] = set = new HashSet<string>(StringComparer.Ordinal);
            }

            set.Add(to);
        }

        return graph;
    }

    private static string? Folder(string type)
    {
        const string root = "Portal.Engine.";
        if (!type.StartsWith(root, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = type[root.Length..];
        var dot = rest.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? null : rest[..dot];
    }

    /// <summary>A shortest path of folders from <paramref name="start"/> to <paramref name="goal"/>, both included, or null.</summary>
    private static List<string>? PathBetween(Dictionary<string, HashSet<string>> graph, string start, string goal)
    {
        var previous = new Dictionary<string, string?>(StringComparer.Ordinal) { [start] = null };
        var queue = new Queue<string>([start]);
        while (queue.Count > 0)
        {
            var at = queue.Dequeue();
            if (at == goal)
            {
                var path = new List<string>();
                for (var step = (string?)at; step is not null; step = previous[step])
                {
                    path.Insert(0, step);
                }

                return path;
            }

            foreach (var next in graph.GetValueOrDefault(at) ?? [])
            {
                if (previous.TryAdd(next, at))
                {
                    queue.Enqueue(next);
                }
            }
        }

        return null;
    }
}
