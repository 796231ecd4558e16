namespace Portal.Engine.Runner;

/// <summary>What kind of object an operation acts on; its audit action starts with the kind's name (<c>container.</c>, <c>stack.</c>).</summary>
public enum TargetKind
{
    Container,
    Network,
    Volume,
    Image,
    Stack,

    /// <summary>The engine as a whole (system prune).</summary>
    System,
}
