using Docker.DotNet.Models;

namespace Portal.Engine.Images.Jobs;

/// <summary>The build log: the engine's output lines, the step being run, and the step that failed.</summary>
public sealed partial class ImageJob
{
    /// <summary>Build log lines kept per job; older lines are dropped first so a chatty build costs bounded memory.</summary>
    public const int MaxLogLines = 5_000;

    private readonly Queue<string> _log = new();
    private string? _currentStep;
    private string? _failedStep;
    private string? _imageId;

    /// <summary>Folds one build message into the log: output lines, "Step n/m" markers, the built image id, errors.</summary>
    public void ApplyBuild(JSONMessage message) => ApplyBuild([message]);

    /// <summary>Folds build messages into the log in order, as one change (one snapshot for the whole batch).</summary>
    public void ApplyBuild(IReadOnlyList<JSONMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        Update(() =>
        {
            foreach (var message in messages)
            {
                FoldBuild(message);
            }
        });
    }

    private void FoldBuild(JSONMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var error = message.Error?.Message;
        foreach (var line in (message.Stream ?? "").Split('\n'))
        {
            var text = line.TrimEnd('\r');
            if (text.Length == 0)
            {
                continue;
            }

            if (text.StartsWith("Step ", StringComparison.Ordinal))
            {
                _currentStep = text;
                _statusLine = text;
            }
            else if (text.StartsWith("Successfully built ", StringComparison.Ordinal))
            {
                _imageId = text["Successfully built ".Length..].Trim();
            }

            AddLine(text);
        }

        if (!string.IsNullOrEmpty(error))
        {
            StreamError ??= error;
            _failedStep ??= _currentStep;
            AddLine(error);
        }
    }

    private void AddLine(string text)
    {
        if (_log.Count >= MaxLogLines)
        {
            _log.Dequeue();
        }

        _log.Enqueue(text);
    }
}
