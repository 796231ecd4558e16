namespace Portal.Engine.Compose.Loading;

/// <summary>
/// Loads compose files into the document <c>docker compose config --format json</c> prints, following
/// compose-go's order per file: parse → interpolate → schema → include → extends → canonical form; then the files
/// are merged in order and the project is finished (profiles, env_file, defaults, names, semantic checks).
/// </summary>
public sealed class ComposeLoader : IComposeLoader
{
    /// <inheritdoc />
    public ComposeLoadResult Load(ComposeLoadRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var loader = new ComposeProjectLoader(request);
        try
        {
            return loader.Run();
        }
        catch (ComposeLoadException ex)
        {
            return new ComposeLoadResult(null, loader.Errors.Concat(ex.Errors).Distinct().ToList());
        }
    }
}
