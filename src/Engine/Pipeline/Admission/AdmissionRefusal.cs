namespace Portal.Engine.Pipeline.Admission;

/// <summary>Why a rule refused, and the policy setting that would allow it (null when none does).</summary>
public sealed record AdmissionRefusal(string Reason, string? Setting);
