using System.Text.RegularExpressions;
using Portal.TestSupport;

namespace Portal.Engine.Tests.Formatting;

/// <summary>
/// One unit system: no decimal byte unit (kB, MB, GB, TB) is written anywhere in Portal's code, and
/// only <see cref="Portal.Engine.Formatting.ByteSize"/> turns a count into KiB, MiB or GiB.
/// </summary>
public sealed partial class UnitSystemSourceTests
{
    /// <summary>Reading /proc/meminfo, whose unit is spelled "kB" by the kernel.</summary>
    private static readonly string[] s_parsesForeignText = ["src/Engine/Stats/CgroupParsing.cs"];

    [Fact]
    public void NoDecimalByteUnits_InStringLiterals()
    {
        var found = SourceLines()
            .Where(l => !s_parsesForeignText.Contains(l.File))
            .Where(l => StringLiteral().Matches(l.Text).Any(m => DecimalUnit().IsMatch(m.Value)))
            .Select(l => $"{l.File}:{l.Number}: {l.Text.Trim()}")
            .ToList();

        Assert.True(found.Count == 0, "Decimal byte units (use ByteSize, IEC units):\n" + string.Join('\n', found));
    }

    [Fact]
    public void OnlyByteSize_DividesIntoBinaryUnits()
    {
        // A hand-rolled formatter divides by a power of 1024 and appends a unit; ByteSize is the one place that does.
        var found = SourceLines()
            .Where(l => l.File != "src/Engine/Formatting/ByteSize.cs")
            .Where(l => HandRolled().IsMatch(l.Text))
            .Select(l => $"{l.File}:{l.Number}: {l.Text.Trim()}")
            .ToList();

        Assert.True(found.Count == 0, "Byte formatting outside ByteSize:\n" + string.Join('\n', found));
    }

    private static IEnumerable<(string File, int Number, string Text)> SourceLines()
    {
        var root = RepositoryPaths.Root();
        var files = Directory.EnumerateFiles(Path.Combine(root, "src"), "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
            .Where(f => !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                && !f.Contains(Path.DirectorySeparatorChar + "Migrations" + Path.DirectorySeparatorChar, StringComparison.Ordinal));
        foreach (var file in files)
        {
            var relative = Path.GetRelativePath(root, file).Replace(Path.DirectorySeparatorChar, '/');
            var number = 0;
            foreach (var line in File.ReadLines(file))
            {
                number++;
                var trimmed = line.TrimStart();
                if (!trimmed.StartsWith("//", StringComparison.Ordinal) && !trimmed.StartsWith('*') && !trimmed.StartsWith("@*", StringComparison.Ordinal))
                {
                    yield return (relative, number, line);
                }
            }
        }
    }

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"(?<![A-Za-z])(kB|KB|MB|GB|TB)(?![A-Za-z])")]
    private static partial Regex DecimalUnit();

    [GeneratedRegex(@"(1L?\s*<<\s*(10|20|30|40)|/\s*1024(\.0)?\b|/\s*\(?1024\s*\*\s*1024).*(KiB|MiB|GiB|TiB)")]
    private static partial Regex HandRolled();
}
