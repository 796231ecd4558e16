namespace Portal.Engine.Admission;

/// <summary>An image build: the network its steps run on (null is the engine default).</summary>
public sealed record ImageBuildAdmission(string? NetworkMode) : AdmissionRequest;
