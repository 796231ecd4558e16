using System.Text.Json;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using Portal.Engine.Pipeline;
using Portal.Web.Model;

namespace Portal.Web.Components.Pages.Images;

/// <summary>
/// The "folder chosen in the browser" mode: a small JS module reads the files' relative paths
/// (which Blazor's InputFile drops), streams them as a tar archive to the build API and reports
/// upload progress; the page then follows the build job like any other.
/// </summary>
public sealed partial class BuildImage : IAsyncDisposable
{
    private const int FolderMode = 2;

    private ElementReference _folderInput;
    private IJSObjectReference? _folderModule;
    private DotNetObjectReference<BuildImage>? _self;
    private ChosenFolder? _folder;
    private (long Sent, long Total)? _upload;

    [Inject] public required IJSRuntime JS { get; init; }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        await _reveal.RevealAsync(JS, _cts.Token);
        if (firstRender)
        {
            try
            {
                _self = DotNetObjectReference.Create(this);
                _folderModule = await JS.InvokeAsync<IJSObjectReference>("import", _cts.Token, "./js/folder-build.js");
                await _folderModule.InvokeVoidAsync("watch", _cts.Token, _folderInput, _self);
            }
            catch (JSDisconnectedException)
            {
                // The circuit went away before the page finished rendering.
            }
        }
    }

    [JSInvokable]
    public Task OnFolderChosen(string name, int files, long size) => InvokeAsync(() =>
    {
        _folder = files == 0 ? null : new ChosenFolder(name, files, size);
        _upload = null;
        _error = files == 0 ? "The folder is empty." : size > MaxBytes ? $"The build context is larger than the limit of {Limit}." : null;
        StateHasChanged();
    });

    [JSInvokable]
    public Task OnFolderRejected(string message) => InvokeAsync(() =>
    {
        _folder = null;
        _error = message;
        StateHasChanged();
    });

    [JSInvokable]
    public Task OnUploadProgress(long sent, long total)
    {
        _upload = (sent, total);
        _render?.Signal();
        return Task.CompletedTask;
    }

    private async Task StartFolderAsync(Actor actor)
    {
        if (_folder is null || _folder.Size > MaxBytes || _folderModule is null)
        {
            // Refused before any byte leaves the browser.
            _error = _folder is null ? "Choose a folder." : $"The build context is larger than the limit of {Limit}.";
            return;
        }

        var url = BuildApiUrl.For(_form.ToRequest(null));
        _upload = (0, _folder.Size);
        // A token, not the default interop timeout: a large folder takes longer than a minute to send.
        var answer = await _folderModule.InvokeAsync<FolderUploadAnswer>("upload", _cts.Token, _folderInput, url, _self);
        if (answer.Status != 202)
        {
            _upload = null;
            Refuse(ProblemField(answer), ProblemDetail(answer));
            return;
        }

        using var json = JsonDocument.Parse(answer.Body);
        Follow(Transfers.GetJob(actor, json.RootElement.GetProperty("id").GetString() ?? ""));
    }

    /// <summary>The request field the API's problem names (<c>field</c>), as the other modes get it from the Engine.</summary>
    private static string? ProblemField(FolderUploadAnswer answer)
    {
        try
        {
            using var json = JsonDocument.Parse(answer.Body);
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("field", out var field) ? field.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string ProblemDetail(FolderUploadAnswer answer)
    {
        try
        {
            using var json = JsonDocument.Parse(answer.Body);
            if (json.RootElement.TryGetProperty("detail", out var detail) && detail.GetString() is { Length: > 0 } text)
            {
                return text;
            }
        }
        catch (JsonException)
        {
            // Not a problem document: fall through to the status.
        }

        return answer.Status == 0 ? answer.Body : $"The upload was refused (HTTP {answer.Status}).";
    }

    public async ValueTask DisposeAsync()
    {
        Dispose();
        if (_folderModule is not null)
        {
            try
            {
                await _folderModule.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The browser is gone already.
            }
        }

        _self?.Dispose();
        await _reveal.DisposeAsync();
    }

    private sealed record ChosenFolder(string Name, int Files, long Size);
}
