namespace Portal.Engine.Compose.Planning;

/// <summary>What a step does; each maps to one or two engine calls.</summary>
public enum PlanAction
{
    Keep,
    Create,
    Recreate,
    Start,
    Restart,
    Remove,
}

/// <summary>The kind of object a step is about.</summary>
public enum PlanObject
{
    Network,
    Volume,
    Container,
}

/// <summary>
/// One step of a plan. <see cref="Resource"/> identifies the object the way compose does
/// (<c>service:web:1</c>, <c>network:default</c>, <c>volume:data</c>); <see cref="Cause"/> says why.
/// </summary>
public sealed record PlanStep(PlanObject Object, PlanAction Action, string Resource, string Name, string Cause)
{
    /// <summary>The service of a container step.</summary>
    public string? Service { get; init; }

    /// <summary>The replica number of a container step.</summary>
    public int Number { get; init; }

    /// <summary>The existing engine object (id or name) a keep, recreate, start, restart or remove acts on.</summary>
    public string? ExistingId { get; init; }

    /// <summary>True when the step changes the engine.</summary>
    public bool Mutates => Action != PlanAction.Keep;
}
