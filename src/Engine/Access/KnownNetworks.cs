namespace Portal.Engine.Access;

/// <summary>The engine's predefined networks: visible to everyone, changed by no one.</summary>
public static class KnownNetworks
{
    public const string Bridge = "bridge";

    public const string Host = "host";

    public const string None = "none";

    public static bool IsBuiltIn(string name) => name is Bridge or Host or None;

    /// <summary>True for network modes that are not a network name: <c>default</c>, <c>host</c>, <c>none</c>, <c>bridge</c>, <c>container:x</c>.</summary>
    public static bool IsSpecialMode(string mode) =>
        IsBuiltIn(mode) || mode == "default" || mode.StartsWith("container:", StringComparison.OrdinalIgnoreCase);
}
