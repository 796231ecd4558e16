using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Portal.Engine.Compose.Loading;

/// <summary>
/// Parses one compose file into a <see cref="ComposeNode"/> tree: aliases expanded, merge keys (<c>&lt;&lt;</c>,
/// single and list) applied, plain scalars typed by the YAML 1.2 core schema. Refuses several documents,
/// duplicate keys and alias expansions past <see cref="MaxNodes"/>.
/// </summary>
internal static partial class ComposeYamlReader
{
    /// <summary>Bounds alias expansion ("billion laughs"): far above any real compose file.</summary>
    public const int MaxNodes = 250_000;

    private const string MergeKey = "<<";

    public static MapNode Read(string fileName, string content)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(content));
        }
        catch (AnchorNotFoundException ex)
        {
            // YamlDotNet resolves aliases after the document and loses their position: find the alias in the text.
            var name = ex.Message.Split('\'').ElementAtOrDefault(1) ?? string.Empty;
            throw new ComposeLoadException(Find(fileName, content, "*" + name), string.Empty, $"unknown anchor '{name}' referenced by an alias");
        }
        catch (YamlException ex)
        {
            throw new ComposeLoadException(
                new SourceMark(fileName, (int)ex.Start.Line, (int)ex.Start.Column), string.Empty, YamlMessage(ex));
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            // Some malformed input (found by fuzzing: an alias where a key's value should start, a
            // damaged flow mapping) trips YamlDotNet's own checks instead of raising a YamlException.
            throw new ComposeLoadException(new SourceMark(fileName, 0, 0), string.Empty, "not valid YAML: " + ex.Message);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            throw new ComposeLoadException(new SourceMark(fileName, 1, 1), string.Empty, "empty compose file");
        }

        if (stream.Documents.Count > 1)
        {
            var second = stream.Documents[1].RootNode;
            throw new ComposeLoadException(
                Mark(fileName, second), string.Empty,
                "the file holds several YAML documents; a compose file must hold exactly one");
        }

        var budget = new int[] { MaxNodes };
        var root = Convert(fileName, stream.Documents[0].RootNode, string.Empty, budget);
        return root as MapNode
            ?? throw new ComposeLoadException(root.Mark, string.Empty, "top-level object must be a mapping");
    }

    private static ComposeNode Convert(string file, YamlNode node, string path, int[] budget)
    {
        if (--budget[0] < 0)
        {
            throw new ComposeLoadException(Mark(file, node), path,
                $"the document expands to more than {MaxNodes} nodes (aliases nested too deeply)");
        }

        var tag = LocalTag(node);
        ComposeNode result = node switch
        {
            YamlMappingNode map => ConvertMap(file, map, path, budget),
            YamlSequenceNode seq => ConvertSeq(file, seq, path, budget),
            YamlScalarNode scalar => new ScalarNode(Mark(file, node), ScalarValue(scalar)),
            _ => throw new ComposeLoadException(Mark(file, node), path, "unsupported YAML node"),
        };
        result.Tag = tag;
        return result;
    }

    private static MapNode ConvertMap(string file, YamlMappingNode map, string path, int[] budget)
    {
        var result = new MapNode(Mark(file, map));
        var merges = new List<(YamlNode Value, string Path)>();
        foreach (var (keyNode, valueNode) in map.Children)
        {
            if (keyNode is not YamlScalarNode keyScalar)
            {
                throw new ComposeLoadException(Mark(file, keyNode), path, "mapping keys must be scalars");
            }

            var key = keyScalar.Value ?? "null";
            if (key == MergeKey && keyScalar.Style == ScalarStyle.Plain)
            {
                merges.Add((valueNode, path));
                continue;
            }

            var childPath = ComposePath.Key(path, key);
            result.Set(key, Convert(file, valueNode, childPath, budget), Mark(file, keyNode));
        }

        // Explicit keys win over merged ones, and earlier merge sources win over later ones (YAML merge key spec).
        foreach (var (value, mergePath) in merges)
        {
            var sources = value is YamlSequenceNode seq ? seq.Children.ToList() : [value];
            foreach (var source in sources)
            {
                if (Convert(file, source, mergePath, budget) is not MapNode merged)
                {
                    throw new ComposeLoadException(Mark(file, source), mergePath,
                        "a merge key (<<) must refer to a mapping or a list of mappings");
                }

                foreach (var (key, child) in merged.Entries)
                {
                    if (!result.Contains(key))
                    {
                        result.Set(key, child, merged.KeyMark(key));
                    }
                }
            }
        }

        return result;
    }

    private static SeqNode ConvertSeq(string file, YamlSequenceNode seq, string path, int[] budget)
    {
        var result = new SeqNode(Mark(file, seq));
        for (var i = 0; i < seq.Children.Count; i++)
        {
            result.Items.Add(Convert(file, seq.Children[i], ComposePath.Index(path, i), budget));
        }

        return result;
    }

    private static string? LocalTag(YamlNode node)
    {
        var tag = node.Tag;
        return !tag.IsEmpty && !tag.IsNonSpecific && tag.IsLocal ? tag.Value : null;
    }

    internal static object? ScalarValue(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? string.Empty;
        var tag = scalar.Tag;
        if (!tag.IsEmpty && !tag.IsNonSpecific && !tag.IsLocal)
        {
            return tag.Value switch
            {
                "tag:yaml.org,2002:str" => text,
                "tag:yaml.org,2002:null" => null,
                _ => Resolve(text),
            };
        }

        return scalar.Style == ScalarStyle.Plain ? Resolve(text) : text;
    }

    /// <summary>Types a plain scalar the way compose-go's YAML decoder does (YAML 1.2 core schema).</summary>
    internal static object? Resolve(string text)
    {
        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return true;
            case "false" or "False" or "FALSE":
                return false;
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF":
                return double.PositiveInfinity;
            case "-.inf" or "-.Inf" or "-.INF":
                return double.NegativeInfinity;
            case ".nan" or ".NaN" or ".NAN":
                return double.NaN;
        }

        if (IntPattern().IsMatch(text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
        {
            return l;
        }

        if (text.StartsWith("0x", StringComparison.Ordinal) &&
            long.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex))
        {
            return hex;
        }

        if (text.StartsWith("0o", StringComparison.Ordinal) && text.Length > 2 && text[2..].All(c => c is >= '0' and <= '7'))
        {
            return System.Convert.ToInt64(text[2..], 8);
        }

        if (FloatPattern().IsMatch(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            return d;
        }

        return text;
    }

    private static SourceMark Find(string file, string content, string text)
    {
        var at = content.IndexOf(text, StringComparison.Ordinal);
        if (at < 0)
        {
            return new SourceMark(file, 0, 0);
        }

        var line = content.AsSpan(0, at).Count('\n') + 1;
        var lineStart = at == 0 ? 0 : content.LastIndexOf('\n', at - 1) + 1;
        var column = at - lineStart + 1;
        return new SourceMark(file, line, column);
    }

    private static SourceMark Mark(string file, YamlNode node) => new(file, (int)node.Start.Line, (int)node.Start.Column);

    private static string YamlMessage(YamlException ex)
    {
        // YamlDotNet prefixes "(Line: x, Col: y, Idx: z) - (...): " which the located error already says.
        var message = ex.InnerException is { } inner && ex.Message.Contains("Duplicate key", StringComparison.Ordinal)
            ? "duplicate key: " + inner.Message
            : ex.Message;
        var cut = message.LastIndexOf("): ", StringComparison.Ordinal);
        return cut >= 0 ? message[(cut + 3)..] : message;
    }

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex IntPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();
}
