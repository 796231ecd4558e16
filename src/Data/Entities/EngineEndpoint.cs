namespace Portal.Data.Entities;

/// <summary>A Docker engine Portal talks to (an "environment").</summary>
public sealed class EngineEndpoint
{
    public int Id { get; set; }

    /// <summary>Short name used in routes and the UI, for example <c>local</c>.</summary>
    public required string Name { get; set; }

    /// <summary>Docker endpoint URI, for example <c>unix:///var/run/docker.sock</c>.</summary>
    public required string Uri { get; set; }

    public DateTime CreatedAt { get; set; }
}
