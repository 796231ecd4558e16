using Portal.Engine.Pipeline;

namespace Portal.Engine.Admission;

/// <summary>
/// One kind of thing an actor may ask of the engine, as admission judges it. Each kind is its own type
/// (a container spec, an exec, a network, …); a rule says which kinds it judges by implementing
/// <see cref="IAdmissionRule{TRequest}"/> for them. A new kind is a new type plus the rules that apply.
/// </summary>
/// <remarks>The entry point (<see cref="AdmissionPolicy.AdmitAsync{TRequest}"/>) fills in the actor and the settings in force.</remarks>
public abstract record AdmissionRequest
{
    /// <summary>Who asks.</summary>
    public Actor Actor { get; init; } = Actor.System;

    /// <summary>The policy settings in force.</summary>
    public PolicySettings Settings { get; init; } = PolicySettings.Default;

    /// <summary>The request as admitted: the settings' defaults applied (the default memory limit for containers).</summary>
    internal virtual AdmissionRequest WithDefaults() => this;
}
