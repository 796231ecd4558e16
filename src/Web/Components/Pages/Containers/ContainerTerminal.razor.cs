using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using Portal.Web.Utils;

namespace Portal.Web.Components.Pages.Containers;

/// <summary>
/// The Terminal tab: picks shell, user and working directory, then hands a DOM element to
/// <c>wwwroot/js/terminal.js</c>, which talks to <c>/hubs/exec</c> itself. The circuit only
/// starts and stops the terminal and hears how it ended; keystrokes and output bypass it.
/// </summary>
public sealed partial class ContainerTerminal : IAsyncDisposable
{
    /// <summary>The select value standing for "type a command".</summary>
    public const string CustomShell = "custom";

    private ElementReference _element;
    private IJSObjectReference? _module;
    private DotNetObjectReference<ContainerTerminal>? _self;
    private int? _handle;
    private string _shell = Portal.Engine.Exec.ExecCommands.DefaultShell;
    private string? _custom;
    private string? _user;
    private string? _workingDir;
    private bool _connected;
    private bool _busy;
    private string? _error;
    private string? _status;

    /// <summary>Id of the container to open the terminal in.</summary>
    [Parameter, EditorRequired] public string Container { get; set; } = "";

    /// <summary>Whether the container runs (exec needs a running container).</summary>
    [Parameter] public bool Running { get; set; }

    [Inject] public required IJSRuntime JS { get; init; }

    /// <summary>The argv the terminal will run, or null with <see cref="_error"/> set.</summary>
    internal IReadOnlyList<string>? Command()
    {
        if (_shell != CustomShell)
        {
            return [_shell];
        }

        try
        {
            var argv = CommandLineSplitter.Split(_custom);
            if (argv.Count == 0)
            {
                _error = "Type the command to run.";
                return null;
            }

            return argv;
        }
        catch (FormatException ex)
        {
            _error = ex.Message;
            return null;
        }
    }

    private async Task ConnectAsync()
    {
        _error = null;
        var command = Command();
        if (command is null)
        {
            return;
        }

        _busy = true;
        try
        {
            _module ??= await JS.InvokeAsync<IJSObjectReference>("import", "./js/terminal.js");
            _self ??= DotNetObjectReference.Create(this);
            _handle = await _module.InvokeAsync<int>("open", _element, _self, new
            {
                environment = PortalUrls.Environment,
                container = Container,
                command,
                user = _user,
                workingDir = _workingDir,
            });
            _connected = true;
            _status = $"Connected: {string.Join(' ', command)}";
        }
        catch (JSException ex)
        {
            _error = HubMessage(ex.Message);
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task DisconnectAsync()
    {
        await CloseAsync();
        _connected = false;
        _status = "Disconnected.";
    }

    /// <summary>Called by terminal.js when the process exits, the container stops or the connection drops.</summary>
    [JSInvokable]
    public Task OnSessionEnded(string message)
    {
        _connected = false;
        _handle = null;
        _status = message;
        return InvokeAsync(StateHasChanged);
    }

    /// <summary>A hub error arrives wrapped ("… HubException: No container named …"): keep the part meant for people.</summary>
    internal static string HubMessage(string message)
    {
        const string marker = "HubException: ";
        var at = message.IndexOf(marker, StringComparison.Ordinal);
        var text = at < 0 ? message : message[(at + marker.Length)..];
        // A JavaScript error arrives as its message and then its stack, one frame a line: only the message is for people.
        var end = text.IndexOf('\n', StringComparison.Ordinal);
        return end < 0 ? text : text[..end].TrimEnd();
    }

    private async Task CloseAsync()
    {
        if (_module is not null && _handle is { } handle)
        {
            _handle = null;
            await _module.InvokeVoidAsync("close", handle);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await CloseAsync();
            if (_module is not null)
            {
                await _module.DisposeAsync();
            }
        }
        catch (JSDisconnectedException)
        {
            // The browser is gone; its hub connection closed with it, and the server ended the session.
        }

        _self?.Dispose();
    }
}
