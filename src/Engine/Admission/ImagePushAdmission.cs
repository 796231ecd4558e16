namespace Portal.Engine.Admission;

/// <summary>An image to push: the source image and the registry reference it goes to. No rule judges pushes yet; access (the image's operators) does.</summary>
public sealed record ImagePushAdmission(string Source, string Target) : AdmissionRequest;
