using Microsoft.AspNetCore.Components;
using Portal.Engine.Exec;
using Portal.Engine.Pipeline;
using Portal.Web.Model;

namespace Portal.Web.Components.Pages.Containers;

/// <summary>The non-interactive "run command" form: stdout, stderr and exit code of one command.</summary>
public sealed partial class ContainerRunCommand : IDisposable
{
    private readonly CancellationTokenSource _cts = new();
    private string? _commandLine;
    private string? _user;
    private string? _workingDir;
    private bool _busy;
    private string? _error;
    private ExecResult? _result;

    [Parameter, EditorRequired] public string Container { get; set; } = "";

    [Parameter] public bool Running { get; set; }

    [Inject] public required IExecOperations Exec { get; init; }

    [Inject] public required CurrentActor CurrentActor { get; init; }

    private async Task RunAsync()
    {
        if (_busy)
        {
            return;
        }

        _error = null;
        if (string.IsNullOrWhiteSpace(_commandLine))
        {
            _error = "Type the command to run.";
            return;
        }

        _busy = true;
        try
        {
            var actor = await CurrentActor.GetAsync(_cts.Token);
            _result = await Exec.RunAsync(actor, Container, new ExecRequest
            {
                Command = ExecCommands.FromCommandLine(_commandLine),
                User = _user,
                WorkingDir = _workingDir,
            }, null, _cts.Token);
        }
        catch (OperationFailedException ex)
        {
            _result = null;
            _error = ex.Message;
        }
        catch (OperationCanceledException) when (_cts.IsCancellationRequested)
        {
        }
        finally
        {
            _busy = false;
        }
    }

    public void Dispose()
    {
        _cts.Cancel();
        _cts.Dispose();
    }
}
