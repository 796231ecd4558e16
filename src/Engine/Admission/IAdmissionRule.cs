namespace Portal.Engine.Admission;

/// <summary>One thing a non-admin may not ask of the engine unless the policy settings allow it.</summary>
/// <remarks>Registered as this interface; which request kinds it judges is said by the <see cref="IAdmissionRule{TRequest}"/> it implements.</remarks>
public interface IAdmissionRule
{
    /// <summary>Short name shown with every refusal, for example <c>no-privileged</c>.</summary>
    string Name { get; }
}

/// <summary>A rule for one request kind (and, being contravariant, for every kind derived from it).</summary>
public interface IAdmissionRule<in TRequest> : IAdmissionRule
    where TRequest : AdmissionRequest
{
    /// <summary>Returns why the request is refused and what would allow it, or null when the rule allows it.</summary>
    AdmissionRefusal? Check(TRequest request);
}
