namespace Portal.Engine.Jobs;

/// <summary>Names of a job's outputs: small facts a kind records about its result (<see cref="JobSnapshot.Outputs"/>).</summary>
public static class JobOutputs
{
    /// <summary>The id of the image a build made.</summary>
    public const string ImageId = "imageId";

    /// <summary>The step a build failed at, as the engine named it ("Step 3/5 : RUN …").</summary>
    public const string FailedStep = "failedStep";

    /// <summary>What a stack action did, for a person (one line per service).</summary>
    public const string Report = "report";

    /// <summary>The plan a stack action carried out, rendered as text.</summary>
    public const string Plan = "plan";
}
