using Docker.DotNet.Models;
using Portal.Engine.Jobs;

namespace Portal.Engine.Images.Jobs;

/// <summary>The build log: the engine's output lines, the step being run, and the step that failed.</summary>
public sealed partial class ImageJob
{
    /// <summary>Folds one build message into the log: output lines, "Step n/m" markers, the built image id, errors.</summary>
    public void ApplyBuild(JSONMessage message) => ApplyBuild([message]);

    /// <summary>Folds build messages into the log in order, as one change (one snapshot for the whole batch).</summary>
    public void ApplyBuild(IReadOnlyList<JSONMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        Job.Update(changes =>
        {
            foreach (var message in messages)
            {
                FoldBuild(message, changes);
            }
        });
    }

    private void FoldBuild(JSONMessage message, Job.Changes changes)
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
                changes.Status = text;
            }
            else if (text.StartsWith("Successfully built ", StringComparison.Ordinal))
            {
                changes.SetOutput(JobOutputs.ImageId, text["Successfully built ".Length..].Trim());
            }

            changes.AddLog(text);
        }

        if (!string.IsNullOrEmpty(error))
        {
            StreamError ??= error;
            if (_failedStep is null && _currentStep is not null)
            {
                _failedStep = _currentStep;
                changes.SetOutput(JobOutputs.FailedStep, _failedStep);
            }

            changes.AddLog(error);
        }
    }
}
