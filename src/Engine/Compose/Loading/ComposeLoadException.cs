namespace Portal.Engine.Compose.Loading;

/// <summary>Stops loading with errors that are already located; caught once by <see cref="ComposeLoader"/>.</summary>
internal sealed class ComposeLoadException : Exception
{
    public ComposeLoadException(IReadOnlyList<ComposeError> errors)
        : base(errors.Count > 0 ? errors[0].ToString() : "compose load failed")
    {
        Errors = errors;
    }

    public ComposeLoadException(SourceMark mark, string path, string message)
        : this([new ComposeError(mark.File, mark.Line, mark.Column, path, message)])
    {
    }

    public IReadOnlyList<ComposeError> Errors { get; }
}
