namespace Portal.Engine.Docker;

/// <summary>Whether the engine answers, and if not, why.</summary>
public sealed record EngineStatus(EngineState State, string? Reason, string? ServerVersion, string? ApiVersion, DateTime Since)
{
    public bool IsConnected => State == EngineState.Connected;
}

/// <summary>Connection state of an engine.</summary>
public enum EngineState
{
    Connecting,
    Connected,
    Unavailable,
}
