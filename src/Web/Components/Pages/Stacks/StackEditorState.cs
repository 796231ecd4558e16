using System.Text;
using System.Text.Json;
using Portal.Engine.Compose.Loading;
using Portal.Engine.Compose.Stacks;
using Portal.Engine.Formatting;

namespace Portal.Web.Components.Pages.Stacks;

/// <summary>
/// The stack editor's files between saves: an ordered list (compose files merge in this order), the <c>.env</c>,
/// and which tab is open. Names follow the Engine's <see cref="StackFiles"/> rules so a problem shows before Save.
/// </summary>
public sealed class StackEditorState
{
    /// <summary>The tab name of the stack's <c>.env</c>, which is kept apart from the files.</summary>
    public const string EnvTab = ".env";

    private readonly List<ComposeFile> _files = [new ComposeFile("compose.yaml", "")];
    private string _saved = "";

    public StackEditorState() => MarkSaved();

    public IReadOnlyList<ComposeFile> Files => _files;

    public string Env { get; private set; } = "";

    /// <summary>The open tab: a file's name, or <see cref="EnvTab"/>.</summary>
    public string Selected { get; private set; } = "compose.yaml";

    /// <summary>The open file, null when the .env is open.</summary>
    public ComposeFile? Current => _files.FirstOrDefault(f => f.Name == Selected);

    /// <summary>True when files or .env differ from what was last loaded or saved.</summary>
    public bool IsDirty => Snapshot() != _saved;

    /// <summary>Bytes of every file and the .env as stored.</summary>
    public long TotalBytes => _files.Sum(StackFiles.Size) + Encoding.UTF8.GetByteCount(Env);

    /// <summary>Replaces everything with a saved revision's files and marks them clean.</summary>
    public void Load(IReadOnlyList<ComposeFile> files, string env)
    {
        _files.Clear();
        _files.AddRange(files);
        Env = env;
        if (Selected != EnvTab && Current is null)
        {
            Selected = _files.FirstOrDefault(StackFiles.IsMerged)?.Name ?? _files.FirstOrDefault()?.Name ?? EnvTab;
        }

        MarkSaved();
    }

    /// <summary>What was loaded or saved is now the editor's text.</summary>
    public void MarkSaved() => _saved = Snapshot();

    public void Select(string name) => Selected = name == EnvTab || _files.Any(f => f.Name == name) ? name : Selected;

    /// <summary>Sets the text of tab <paramref name="name"/>; binary files and unknown names are left alone.</summary>
    public void SetText(string name, string text)
    {
        if (name == EnvTab)
        {
            Env = text;
            return;
        }

        var index = _files.FindIndex(f => f.Name == name);
        if (index >= 0 && !StackFiles.IsBinary(_files[index]))
        {
            _files[index] = _files[index] with { Content = text };
        }
    }

    /// <summary>Adds an empty text file and opens it; returns why not, or null.</summary>
    public string? Add(string name)
    {
        name = name.Trim();
        if (Problem(name, except: null) is { } problem)
        {
            return problem;
        }

        _files.Add(new ComposeFile(name, ""));
        Selected = name;
        return null;
    }

    /// <summary>Renames a file, keeping its place in the order; returns why not, or null.</summary>
    public string? Rename(string name, string newName)
    {
        newName = newName.Trim();
        var index = _files.FindIndex(f => f.Name == name);
        if (index < 0 || newName == name)
        {
            return null;
        }

        if (Problem(newName, except: name) is { } problem)
        {
            return problem;
        }

        _files[index] = _files[index] with { Name = newName };
        Selected = Selected == name ? newName : Selected;
        return null;
    }

    public void Remove(string name)
    {
        var index = _files.FindIndex(f => f.Name == name);
        if (index < 0)
        {
            return;
        }

        _files.RemoveAt(index);
        if (Selected == name)
        {
            Selected = _files.Count == 0 ? EnvTab : _files[Math.Min(index, _files.Count - 1)].Name;
        }
    }

    /// <summary>Moves a file one place earlier (-1) or later (+1); among compose files that is the merge order.</summary>
    public void Move(string name, int delta)
    {
        var index = _files.FindIndex(f => f.Name == name);
        var target = index + delta;
        if (index < 0 || target < 0 || target >= _files.Count)
        {
            return;
        }

        (_files[index], _files[target]) = (_files[target], _files[index]);
    }

    /// <summary>Whether a YAML/JSON text file is merged as a compose file or only kept (an extends/include target).</summary>
    public void SetMerged(string name, bool merged)
    {
        var index = _files.FindIndex(f => f.Name == name);
        if (index >= 0)
        {
            var file = _files[index];
            _files[index] = file with { Merged = merged == StackFileSource.IsComposeFile(file.Name) ? null : merged };
        }
    }

    /// <summary>
    /// Adds or replaces a file from the user's disk: UTF-8 text without NUL bytes becomes a text file in the editor,
    /// anything else a binary file; a file named <c>.env</c> becomes the .env. Returns why not, or null.
    /// </summary>
    public string? Upload(string name, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var text = AsText(bytes);
        if (name == EnvTab)
        {
            if (text is null)
            {
                return ".env is not a UTF-8 text file.";
            }

            Env = text;
            Selected = EnvTab;
            return null;
        }

        var index = _files.FindIndex(f => f.Name == name);
        if (index < 0 && Problem(name, except: null) is { } problem)
        {
            return problem;
        }

        var file = text is null ? StackFiles.FromBytes(name, bytes) : new ComposeFile(name, text);
        if (index >= 0)
        {
            _files[index] = file with { Merged = _files[index].Merged };
        }
        else
        {
            _files.Add(file);
        }

        Selected = name;
        return null;
    }

    /// <summary>Position of a compose file in the merge order (1-based), 0 for files that are not merged.</summary>
    public int MergeOrder(ComposeFile file) =>
        StackFiles.IsMerged(file) ? _files.Where(StackFiles.IsMerged).ToList().IndexOf(file) + 1 : 0;

    /// <summary>All files and the .env as one text with a header per file, for a revision diff.</summary>
    public static string Combined(IReadOnlyList<ComposeFile> files, string env)
    {
        ArgumentNullException.ThrowIfNull(files);
        var text = new StringBuilder();
        foreach (var file in files)
        {
            text.Append("=== ").Append(file.Name).Append(StackFiles.IsMerged(file) ? " (compose)" : "").Append(" ===\n");
            text.Append(StackFiles.IsBinary(file) ? $"(binary, {ByteSize.Format(StackFiles.Size(file))}, base64 {Hash(file.Content)})" : file.Content.TrimEnd('\n')).Append('\n');
        }

        return text.Append("=== .env ===\n").Append(env).ToString();
    }

    private string? Problem(string name, string? except) =>
        StackFiles.NameProblem(name) ?? (_files.Any(f => f.Name == name && f.Name != except) ? $"There is already a file named '{name}'." : null);

    private string Snapshot() => JsonSerializer.Serialize(new { files = _files, env = Env });

    private static string? AsText(byte[] bytes)
    {
        if (Array.IndexOf(bytes, (byte)0) >= 0)
        {
            return null;
        }

        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static string Hash(string content) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.ASCII.GetBytes(content)))[..12];
}
