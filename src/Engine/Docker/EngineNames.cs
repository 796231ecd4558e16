namespace Portal.Engine.Docker;

/// <summary>
/// Which strings can name an engine object in a request path. Container, volume, network and
/// compose project names start with a letter or digit and hold no slash or percent sign, and ids
/// are hex; anything else (<c>../../etc</c>, <c>..%2Fx</c>, control characters) would address a
/// different engine route, so it names nothing and is answered as an unknown name without asking
/// the engine.
/// </summary>
public static class EngineNames
{
    /// <summary>Longest name accepted; the engine's own names are far shorter.</summary>
    public const int MaxLength = 255;

    private static readonly System.Buffers.SearchValues<char> s_forbidden = System.Buffers.SearchValues.Create("/\\%?#");

    /// <summary>True when <paramref name="idOrName"/> could name a container, volume or network.</summary>
    public static bool CanName(string? idOrName) =>
        !string.IsNullOrWhiteSpace(idOrName)
        && idOrName.Length <= MaxLength
        && char.IsAsciiLetterOrDigit(idOrName[0])
        && !idOrName.AsSpan().ContainsAny(s_forbidden)
        && !idOrName.Any(char.IsControl);
}
