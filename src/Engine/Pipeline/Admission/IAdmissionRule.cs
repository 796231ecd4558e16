using Portal.Engine.Containers;

namespace Portal.Engine.Pipeline.Admission;

/// <summary>One thing a non-admin may not ask of the engine.</summary>
public interface IAdmissionRule
{
    /// <summary>Short name shown with every refusal, for example <c>no-privileged</c>.</summary>
    string Name { get; }

    /// <summary>Returns why <paramref name="spec"/> is refused, or null when the rule allows it.</summary>
    string? Check(ContainerSpec spec);
}
