namespace Portal.Engine.Logging;

/// <summary>Prints an engine id as its first 12 characters, as the docker CLI does.</summary>
public readonly record struct ShortId(string Id)
{
    public override string ToString() => Id.Length > 12 ? Id[..12] : Id;
}
