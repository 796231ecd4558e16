namespace Portal.Engine.Pipeline.Admission;

/// <summary>One thing a non-admin may not ask of the engine unless the policy settings allow it.</summary>
public interface IAdmissionRule
{
    /// <summary>Short name shown with every refusal, for example <c>no-privileged</c>.</summary>
    string Name { get; }

    /// <summary>Returns why the request is refused and what would allow it, or null when the rule allows it.</summary>
    AdmissionRefusal? Check(AdmissionRequest request);
}
