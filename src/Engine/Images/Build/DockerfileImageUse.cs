namespace Portal.Engine.Images.Build;

/// <summary>
/// An image a Dockerfile makes the engine read: the reference after ARG substitution (null when it cannot be
/// read, where the engine reports a syntax error), the instruction naming it (<c>FROM</c>, <c>COPY --from</c>,
/// <c>ONBUILD COPY --from</c>, or an ONBUILD trigger of a base image) and the Dockerfile line.
/// </summary>
public sealed record DockerfileImageUse(string? Reference, string Instruction, int Line)
{
    /// <summary>Lower-case names of the stages a <c>--from</c> at this point may name instead of an image ("" for unnamed ones).</summary>
    internal IReadOnlyList<string> StagesBefore { get; init; } = [];

    /// <summary>The ARGs before the first FROM with their values for this build.</summary>
    internal IReadOnlyDictionary<string, string?> Args { get; init; } = new Dictionary<string, string?>();
}
