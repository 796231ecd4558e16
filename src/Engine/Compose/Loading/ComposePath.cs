namespace Portal.Engine.Compose.Loading;

/// <summary>Builds document paths as errors print them: <c>services.web.ports[1]</c>.</summary>
internal static class ComposePath
{
    public static string Key(string parent, string key) => parent.Length == 0 ? key : parent + "." + key;

    public static string Index(string parent, int index) => $"{parent}[{index}]";
}
