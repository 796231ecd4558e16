using System.Text.Json.Nodes;
using Portal.Engine.Compose.Loading;
using Portal.Engine.Compose.Model;

namespace Portal.Engine.Tests.Compose;

/// <summary>What the key-support tests share: the embedded compose schema, the partition check, and an empty file source.</summary>
internal static class ComposeSchemaKeys
{
    public static JsonNode Schema()
    {
        using var stream = typeof(ComposeKeySupport).Assembly.GetManifestResourceStream("Portal.Engine.Compose.Loading.compose-spec.json")!;
        return JsonNode.Parse(stream)!;
    }

    /// <summary>Every key of the schema is in exactly one of the three lists, and no list names a key the schema lacks.</summary>
    public static void AssertPartition(HashSet<string> schema, IEnumerable<string> honoured, IEnumerable<string> refused, IEnumerable<string> ignored)
    {
        var all = honoured.Concat(refused).Concat(ignored).ToList();
        Assert.Equal(all.Count, all.Distinct(StringComparer.Ordinal).Count());
        Assert.Empty(schema.Except(all).Order(StringComparer.Ordinal));
        Assert.Empty(all.Except(schema).Order(StringComparer.Ordinal));
    }

    public sealed class NoFiles : IComposeFileSource
    {
        public string? TryRead(string relativePath) => null;
    }
}
