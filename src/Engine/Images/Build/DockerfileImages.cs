using System.Globalization;

namespace Portal.Engine.Images.Build;

/// <summary>
/// Every image a Dockerfile makes the engine read: each <c>FROM</c> (not <c>scratch</c>, not an earlier stage),
/// each <c>COPY --from</c> and <c>ONBUILD COPY --from</c> that names no stage (by name or index), with the ARGs
/// declared before the first <c>FROM</c> substituted (their defaults overridden by the build's arguments).
/// </summary>
/// <remarks>
/// Where engines read a file differently (the escape directive's position, whether <c>--from</c> is expanded),
/// the union of the readings is given, so a check over it holds for each of them.
/// </remarks>
public static class DockerfileImages
{
    private static readonly char[] s_whitespace = [' ', '\t', '\v', '\f', '\r'];

    /// <summary>The images <paramref name="dockerfile"/> names, given the build's <paramref name="buildArgs"/>.</summary>
    public static IReadOnlyList<DockerfileImageUse> Find(string dockerfile, IReadOnlyDictionary<string, string> buildArgs)
    {
        ArgumentNullException.ThrowIfNull(dockerfile);
        ArgumentNullException.ThrowIfNull(buildArgs);
        var uses = new List<DockerfileImageUse>();
        foreach (var escape in DockerfileParser.EscapeCandidates(dockerfile))
        {
            foreach (var use in Find(DockerfileParser.Parse(dockerfile, escape), escape, buildArgs))
            {
                if (!uses.Exists(u => u.Reference == use.Reference && u.Line == use.Line && u.Instruction == use.Instruction))
                {
                    uses.Add(use);
                }
            }
        }

        return uses;
    }

    /// <summary>
    /// The images named by the ONBUILD <paramref name="triggers"/> of the image <paramref name="baseImage"/> names:
    /// the engine runs them right after that <c>FROM</c>, so their <c>COPY --from</c> reads an image just as the file's own would.
    /// </summary>
    public static IReadOnlyList<DockerfileImageUse> InTriggers(DockerfileImageUse baseImage, IEnumerable<string>? triggers)
    {
        ArgumentNullException.ThrowIfNull(baseImage);
        var uses = new List<DockerfileImageUse>();
        foreach (var trigger in triggers ?? [])
        {
            if (DockerfileParser.Parse(trigger).FirstOrDefault() is { Keyword: "COPY" } copy)
            {
                AddCopyFrom(uses, copy.Arguments, $"an ONBUILD trigger of base image '{baseImage.Reference}'", baseImage.Line,
                    baseImage.StagesBefore, baseImage.Args, '\\');
            }
        }

        return uses;
    }

    private static List<DockerfileImageUse> Find(IReadOnlyList<DockerfileInstruction> instructions, char escape, IReadOnlyDictionary<string, string> buildArgs)
    {
        var args = new Dictionary<string, string?>(StringComparer.Ordinal);
        var stages = new List<string>();
        var uses = new List<DockerfileImageUse>();
        foreach (var instruction in instructions)
        {
            switch (instruction.Keyword)
            {
                case "ARG" when stages.Count == 0:
                    foreach (var word in DockerfileParser.SplitWords(instruction.Arguments, escape))
                    {
                        var eq = word.IndexOf('=', StringComparison.Ordinal);
                        var name = eq < 0 ? word : word[..eq];
                        // A default may use the ARGs before it; the build's value wins over the default.
                        args[name] = buildArgs.TryGetValue(name, out var given) ? given
                            : eq < 0 ? null : DockerfileWord.Expand(word[(eq + 1)..], args, escape);
                    }

                    break;
                case "FROM":
                    var words = DockerfileParser.SplitFlags(instruction.Arguments).Arguments.Split(s_whitespace, StringSplitOptions.RemoveEmptyEntries);
                    if (words.Length > 0)
                    {
                        var reference = DockerfileWord.Expand(words[0], args, escape);
                        if (reference != "scratch" && !IsStage(reference, stages))
                        {
                            uses.Add(new DockerfileImageUse(reference, "FROM", instruction.Line) { StagesBefore = [.. stages], Args = args });
                        }
                    }

                    stages.Add(words.Length >= 3 && words[1].Equals("as", StringComparison.OrdinalIgnoreCase) ? words[2].ToLowerInvariant() : "");
                    break;
                case "COPY":
                    // A stage cannot copy from itself: only the stages before the current one count.
                    AddCopyFrom(uses, instruction.Arguments, "COPY --from", instruction.Line, stages.Count > 0 ? stages[..^1] : [], args, escape);
                    break;
                case "ONBUILD":
                    // It runs in a later stage (FROM this one) or in another build; the stages so far are stages there too.
                    if (DockerfileParser.Parse(instruction.Arguments, escape).FirstOrDefault() is { Keyword: "COPY" } copy)
                    {
                        AddCopyFrom(uses, copy.Arguments, "ONBUILD COPY --from", instruction.Line, [.. stages], args, escape);
                    }

                    break;
            }
        }

        return uses;
    }

    private static void AddCopyFrom(List<DockerfileImageUse> uses, string arguments, string instruction, int line,
        IReadOnlyList<string> stages, IReadOnlyDictionary<string, string?> args, char escape)
    {
        if (DockerfileParser.FlagValue(DockerfileParser.SplitFlags(arguments).Flags, "from") is not { } from)
        {
            return;
        }

        // The classic builder takes the value as it is; BuildKit expands the ARGs first. A stage (by name or index) in either reading is no image.
        var expanded = DockerfileWord.Expand(from, args, escape);
        if (IsIndex(from) || IsIndex(expanded) || IsStage(from, stages) || IsStage(expanded, stages))
        {
            return;
        }

        foreach (var reference in new[] { from, expanded }.Distinct())
        {
            // A value still holding '$' is no image reference the engine could resolve.
            if (reference is null || !reference.Contains('$', StringComparison.Ordinal))
            {
                uses.Add(new DockerfileImageUse(reference, instruction, line) { StagesBefore = stages, Args = args });
            }
        }
    }

    private static bool IsIndex(string? value) =>
        long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _);

    private static bool IsStage(string? name, IReadOnlyList<string> stages) =>
        name is { Length: > 0 } && stages.Contains(name.ToLowerInvariant());
}
