namespace Portal.Engine.Images.Jobs;

/// <summary>Where an image job stands: <see cref="Portal.Engine.Jobs.JobState"/> under the name the image routes and pages use.</summary>
public enum ImageJobState
{
    Running,
    Succeeded,
    Failed,
    Cancelled,
}
