namespace Portal.Web.Model;

/// <summary>The lifecycle actions the containers pages offer.</summary>
public enum ContainerAction
{
    Start,
    Stop,
    Restart,
    Kill,
    Remove,
}

/// <summary>How one container fared in a (possibly multi-container) action; <see cref="Error"/> is null on success.</summary>
public sealed record ContainerActionResult(string Container, string? Error)
{
    public bool Succeeded => Error is null;
}
