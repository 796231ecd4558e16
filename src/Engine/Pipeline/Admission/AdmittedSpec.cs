using Portal.Engine.Containers;

namespace Portal.Engine.Pipeline.Admission;

/// <summary>An admitted container spec and the id of the image its reference names for the actor (null: missing, or another team's private image).</summary>
public sealed record AdmittedSpec(ContainerSpec Spec, string? ImageId);
