using Portal.Engine.Pipeline;

namespace Portal.Engine.Admission;

/// <summary>Several requests judged at once: those admitted (defaults applied), and each refused one with its refusal.</summary>
public sealed record AdmissionVerdicts(
    IReadOnlyList<AdmissionRequest> Admitted,
    IReadOnlyList<(AdmissionRequest Request, OperationFailedException Refusal)> Refused);
