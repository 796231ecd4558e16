using System.Text;
using Portal.Engine.Compose.Loading;
using Portal.Engine.Formatting;

namespace Portal.Engine.Compose.Stacks;

/// <summary>
/// The rules a stack's stored files follow whichever way they arrive (page, upload, REST): names are relative
/// paths inside the project, unique, bounded in size; binary files travel as base64 and serve build contexts only.
/// </summary>
public static class StackFiles
{
    /// <summary>The <see cref="ComposeFile.Encoding"/> of a binary file.</summary>
    public const string Base64 = "base64";

    /// <summary>True when the file holds bytes (base64) rather than text.</summary>
    public static bool IsBinary(ComposeFile file) => file?.Encoding == Base64;

    /// <summary>True for the stored files merged as compose files, in list order: text, and <see cref="ComposeFile.Merged"/> or by name.</summary>
    public static bool IsMerged(ComposeFile file) =>
        file is not null && !IsBinary(file) && (file.Merged ?? StackFileSource.IsComposeFile(file.Name));

    /// <summary>A binary file from its bytes.</summary>
    public static ComposeFile FromBytes(string name, byte[] bytes) => new(name, Convert.ToBase64String(bytes)) { Encoding = Base64 };

    /// <summary>The file's bytes: UTF-8 of the text, or the decoded base64.</summary>
    public static byte[] Bytes(ComposeFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return IsBinary(file) ? Convert.FromBase64String(file.Content) : Encoding.UTF8.GetBytes(file.Content);
    }

    /// <summary>The file's size in bytes as stored (text as UTF-8, binary decoded).</summary>
    public static long Size(ComposeFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return IsBinary(file) ? file.Content.Length / 4 * 3 - file.Content.Count(c => c == '=') : Encoding.UTF8.GetByteCount(file.Content);
    }

    /// <summary>Why <paramref name="name"/> cannot name a stack file, or null when it can.</summary>
    public static string? NameProblem(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return "A file needs a name.";
        }

        if (name != name.Trim() || name.StartsWith('/') || name.Contains('\\', StringComparison.Ordinal))
        {
            return $"'{name}' is not a relative path inside the stack (no leading '/', no '\\', no surrounding spaces).";
        }

        if (name.Split('/').Any(part => part is "" or "." or ".."))
        {
            return $"'{name}' has an empty, '.' or '..' part; file names stay inside the stack's folder.";
        }

        return name == ".env" ? "'.env' is kept in the stack's .env, not as a file." : null;
    }

    /// <summary>Names, encodings and sizes of <paramref name="files"/> and <paramref name="env"/>, as errors naming the file.</summary>
    public static IReadOnlyList<ComposeError> Check(IReadOnlyList<ComposeFile> files, string env, long maxFileBytes, long maxTotalBytes)
    {
        ArgumentNullException.ThrowIfNull(files);
        var errors = new List<ComposeError>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        long total = Encoding.UTF8.GetByteCount(env ?? "");
        if (total > maxFileBytes)
        {
            errors.Add(new ComposeError(".env", 0, 0, "", $"The .env is {ByteSize.Exact(total)}, more than the limit of {ByteSize.Exact(maxFileBytes)} per file."));
        }

        foreach (var file in files)
        {
            if (NameProblem(file.Name) is { } problem)
            {
                errors.Add(new ComposeError(file.Name, 0, 0, "", problem));
                continue;
            }

            if (!seen.Add(file.Name))
            {
                errors.Add(new ComposeError(file.Name, 0, 0, "", $"There are two files named '{file.Name}'."));
            }

            if (file.Encoding is not null and not Base64)
            {
                errors.Add(new ComposeError(file.Name, 0, 0, "", $"Unknown encoding '{file.Encoding}'; files are text, or '{Base64}' for binary files."));
                continue;
            }

            if (IsBinary(file) && !IsBase64(file.Content))
            {
                errors.Add(new ComposeError(file.Name, 0, 0, "", "The binary file's content is not valid base64."));
                continue;
            }

            var size = Size(file);
            total += size;
            if (size > maxFileBytes)
            {
                errors.Add(new ComposeError(file.Name, 0, 0, "", $"The file is {ByteSize.Exact(size)}, more than the limit of {ByteSize.Exact(maxFileBytes)} per file."));
            }
        }

        if (total > maxTotalBytes)
        {
            errors.Add(new ComposeError("", 0, 0, "", $"The stack's files are {ByteSize.Exact(total)} in all, more than the limit of {ByteSize.Exact(maxTotalBytes)}."));
        }

        return errors;
    }

    private static bool IsBase64(string content) =>
        content.Length % 4 == 0 && Convert.TryFromBase64String(content, new byte[content.Length / 4 * 3], out _);
}
