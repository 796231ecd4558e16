using Microsoft.Extensions.Options;

namespace Portal.Engine.Jobs;

/// <summary>Refuses unusable job bounds at start, naming every problem at once.</summary>
public sealed class ValidateJobOptions : IValidateOptions<JobOptions>
{
    public ValidateOptionsResult Validate(string? name, JobOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        if (options.MaxFinishedJobs < 0)
        {
            problems.Add("Portal:Jobs:MaxFinishedJobs must be 0 or more.");
        }

        if (options.FinishedJobRetention < TimeSpan.Zero)
        {
            problems.Add("Portal:Jobs:FinishedJobRetention must not be negative.");
        }

        if (options.MaxProgressItems < 1)
        {
            problems.Add("Portal:Jobs:MaxProgressItems must be at least 1.");
        }

        if (options.MaxLogLines < 1)
        {
            problems.Add("Portal:Jobs:MaxLogLines must be at least 1.");
        }

        if (options.MaxLogLineLength < 16)
        {
            problems.Add("Portal:Jobs:MaxLogLineLength must be at least 16.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
