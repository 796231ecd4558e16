namespace Portal.Engine.Resources;

/// <summary>The kinds of <see cref="ContainerChange"/>.</summary>
public enum ContainerChangeKind
{
    Start,
    Stop,
    Restart,
    Kill,
    Remove,
}
