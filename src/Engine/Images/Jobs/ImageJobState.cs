namespace Portal.Engine.Images.Jobs;

/// <summary>Where a long image operation stands.</summary>
public enum ImageJobState
{
    Running,
    Succeeded,
    Failed,
    Cancelled,
}
