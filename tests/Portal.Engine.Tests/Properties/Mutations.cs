using CsCheck;

namespace Portal.Engine.Tests.Properties;

/// <summary>
/// Generators that take a valid input and break it a little: deletions, insertions of the
/// characters that matter to the format, duplications and truncation. Mutated inputs reach the
/// deep branches a purely random string never gets past the first character of.
/// </summary>
internal static class Mutations
{
    /// <summary>Characters with a meaning in YAML, templates, .env files, paths and patterns.</summary>
    public const string Syntax = " \t\n\r:-#{}[]\"'$&*!|>,?%@`\\/.=~+^()<;\u0000\u00e9\uFEFF\u2028";

    /// <summary>One of <paramref name="seeds"/> with 1–8 edits applied.</summary>
    public static Gen<string> Of(params string[] seeds) =>
        Gen.Select(Gen.Int[0, seeds.Length - 1], Edit.Array[1, 8]).Select((seed, edits) => Apply(seeds[seed], edits));

    /// <summary>One of <paramref name="seeds"/> with 1–8 byte edits applied.</summary>
    public static Gen<byte[]> OfBytes(params byte[][] seeds) =>
        Gen.Select(Gen.Int[0, seeds.Length - 1], Gen.Select(Gen.Int[0, 3], Gen.Int[0, int.MaxValue], Gen.Int[1, 64], Gen.Byte).Array[1, 8])
            .Select((seed, edits) =>
            {
                var bytes = new List<byte>(seeds[seed]);
                foreach (var (op, at, length, value) in edits)
                {
                    var position = bytes.Count == 0 ? 0 : at % bytes.Count;
                    switch (op)
                    {
                        case 0:
                            bytes.RemoveRange(position, Math.Min(length, bytes.Count - position));
                            break;
                        case 1:
                            bytes.InsertRange(position, Enumerable.Repeat(value, length));
                            break;
                        case 2 when bytes.Count > 0:
                            bytes[position] = value;
                            break;
                        default:
                            bytes.RemoveRange(position, bytes.Count - position);
                            break;
                    }
                }

                return bytes.ToArray();
            });

    private static Gen<(int Op, int At, int Length, string Text)> Edit =>
        Gen.Select(Gen.Int[0, 3], Gen.Int[0, int.MaxValue], Gen.Int[1, 24], Gen.String[Gen.Char[Syntax], 1, 6]);

    private static string Apply(string seed, (int Op, int At, int Length, string Text)[] edits)
    {
        var text = seed;
        foreach (var (op, at, length, insert) in edits)
        {
            var position = text.Length == 0 ? 0 : at % text.Length;
            text = op switch
            {
                0 => text.Remove(position, Math.Min(length, text.Length - position)),
                1 => text.Insert(position, insert),
                2 => text.Insert(position, text.Substring(position, Math.Min(length, text.Length - position))),
                _ => text[..position],
            };
        }

        return text;
    }
}
