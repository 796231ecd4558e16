namespace Portal.Engine.Admission;

/// <summary>An image to pull, by the reference as the actor wrote it.</summary>
public sealed record ImagePullAdmission(string Reference) : AdmissionRequest;
