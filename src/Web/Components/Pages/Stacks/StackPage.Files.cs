using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.Options;
using Microsoft.JSInterop;
using Portal.Engine.Compose.Loading;
using Portal.Engine.Compose.Stacks;
using Portal.Engine.Configuration;
using Portal.Engine.Formatting;

namespace Portal.Web.Components.Pages.Stacks;

/// <summary>
/// The editor's files: tabs (add, rename, remove, merge order), upload from disk within the stack's size limits, and
/// the flush that reads the editor's text at the moment of an action, so a click inside the typing debounce never
/// acts on stale text.
/// </summary>
public sealed partial class StackPage
{
    /// <summary>Most files taken from one pick in the browser's file dialog.</summary>
    private const int MaxUploadFiles = 50;

    private readonly StackEditorState _editor = new();
    private IJSObjectReference? _editorModule;
    private string _newFileName = "";
    private string _renameTo = "compose.yaml";
    private IReadOnlyList<string> _fileMessages = [];

    [Inject] public required IJSRuntime JS { get; init; }

    [Inject] public required IOptions<EngineOptions> EngineOptions { get; init; }

    private long MaxFileBytes => EngineOptions.Value.MaxStackFileBytes;

    private long MaxTotalBytes => EngineOptions.Value.MaxStackBytes;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            try
            {
                _editorModule = await JS.InvokeAsync<IJSObjectReference>("import", _cts.Token, "./js/stack-editor.js");
            }
            catch (JSDisconnectedException)
            {
                // The circuit went away before the page finished rendering.
            }
        }

        await HighlightEditorAsync();
    }

    /// <summary>YAML colours for compose files, <c>KEY=VALUE</c> colours for the .env and env files, none for other files.</summary>
    internal static string? HighlightLanguage(string tab) =>
        tab == StackEditorState.EnvTab || tab.EndsWith(".env", StringComparison.OrdinalIgnoreCase) ? "properties"
        : Portal.Engine.Compose.Stacks.StackFileSource.IsComposeFile(tab) ? "yaml"
        : null;

    private async Task HighlightEditorAsync()
    {
        if (_editorModule is null)
        {
            return;
        }

        try
        {
            await _editorModule.InvokeAsync<bool>("highlight", _cts.Token, "[data-testid=stack-editor]", HighlightLanguage(_editor.Selected));
        }
        catch (JSDisconnectedException)
        {
            // The circuit is gone.
        }
        catch (OperationCanceledException)
        {
            // The page is closing.
        }
        catch (JSException)
        {
            // Colours are a nicety: the editor works without them (e.g. when the script did not load).
        }
    }

    /// <summary>
    /// Takes the editor's current text from the browser into the open tab. The text field hands its value over only
    /// after a pause in typing; an action clicked sooner would otherwise see the text before the last keystrokes.
    /// </summary>
    private async Task FlushEditorAsync()
    {
        if (_editorModule is null)
        {
            return;
        }

        try
        {
            if (await _editorModule.InvokeAsync<string?>("read", _cts.Token, "[data-testid=stack-editor]") is { } text)
            {
                _editor.SetText(_editor.Selected, text);
            }
        }
        catch (JSDisconnectedException)
        {
            // The circuit is gone; nothing will be saved from it.
        }
    }

    private void OnEdited(string tab, string text) => _editor.SetText(tab, text);

    private async Task SelectTabAsync(string name)
    {
        await FlushEditorAsync();
        _editor.Select(name);
        _renameTo = name;
    }

    private async Task AddFileAsync()
    {
        await FlushEditorAsync();
        _fileMessages = _editor.Add(_newFileName) is { } problem ? [problem] : [];
        if (_fileMessages.Count == 0)
        {
            _newFileName = "";
            _renameTo = _editor.Selected;
        }
    }

    private async Task RenameFileAsync()
    {
        await FlushEditorAsync();
        _fileMessages = _editor.Rename(_editor.Selected, _renameTo) is { } problem ? [problem] : [];
        await ValidateAsync();
    }

    private async Task RemoveFileAsync()
    {
        await FlushEditorAsync();
        _editor.Remove(_editor.Selected);
        _renameTo = _editor.Selected;
        await ValidateAsync();
    }

    private async Task MoveFileAsync(int delta)
    {
        await FlushEditorAsync();
        _editor.Move(_editor.Selected, delta);
        await ValidateAsync();
    }

    private async Task SetMergedAsync(bool merged)
    {
        await FlushEditorAsync();
        _editor.SetMerged(_editor.Selected, merged);
        await ValidateAsync();
    }

    /// <summary>Files from the user's disk: each within the per-file limit, all together within the stack's limit; text opens in the editor.</summary>
    private async Task OnFilesChosenAsync(InputFileChangeEventArgs e)
    {
        await FlushEditorAsync();
        var messages = new List<string>();
        if (e.FileCount > MaxUploadFiles)
        {
            _fileMessages = [$"{e.FileCount} files chosen; upload at most {MaxUploadFiles} at a time."];
            return;
        }

        foreach (var file in e.GetMultipleFiles(MaxUploadFiles))
        {
            var replaced = _editor.Files.FirstOrDefault(f => f.Name == file.Name) is { } old ? StackFiles.Size(old) : 0;
            if (file.Size > MaxFileBytes)
            {
                messages.Add($"{file.Name} not added: it is {ByteSize.Format(file.Size)}, more than the limit of {ByteSize.Format(MaxFileBytes)} per file.");
                continue;
            }

            if (_editor.TotalBytes - replaced + file.Size > MaxTotalBytes)
            {
                messages.Add($"{file.Name} not added: the stack's files would be {ByteSize.Format(_editor.TotalBytes - replaced + file.Size)}, more than the limit of {ByteSize.Format(MaxTotalBytes)} in all.");
                continue;
            }

            using var buffer = new MemoryStream();
            try
            {
                await using var stream = file.OpenReadStream(MaxFileBytes, _cts.Token);
                await stream.CopyToAsync(buffer, _cts.Token);
            }
            catch (Exception ex) when (ex is IOException or JSException or TimeoutException or InvalidDataException)
            {
                // The browser stopped sending (the file changed on disk, or the connection dropped).
                messages.Add($"{file.Name} not added: the browser could not send it; try again.");
                continue;
            }

            if (_editor.Upload(file.Name, buffer.ToArray()) is { } problem)
            {
                messages.Add($"{file.Name} not added: {problem}");
            }
        }

        _fileMessages = messages;
        _renameTo = _editor.Selected;
        await ValidateAsync();
    }

    /// <summary>A file tab's label: its name, and its place in the merge order or its kind.</summary>
    private string TabNote(ComposeFile file) => _editor.MergeOrder(file) is > 0 and var order
        ? $"compose #{order}"
        : StackFiles.IsBinary(file) ? $"binary, {ByteSize.Format(StackFiles.Size(file))}" : "file";

    private static string ErrorText(ComposeError error) =>
        (error.Line > 0 ? $"{error.File}:{error.Line}:{error.Column}" : error.File.Length > 0 ? error.File : "stack")
        + (error.Path.Length > 0 ? $" {error.Path}" : "") + ": " + error.Message;
}
