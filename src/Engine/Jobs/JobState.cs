namespace Portal.Engine.Jobs;

/// <summary>Where a job stands. Every kind ends in one of the last three.</summary>
public enum JobState
{
    Running,
    Succeeded,
    Failed,
    Cancelled,
}
