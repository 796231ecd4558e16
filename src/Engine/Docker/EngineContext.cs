namespace Portal.Engine.Docker;

/// <summary>The catalog identity of the configured engine, set once at start.</summary>
public sealed class EngineContext
{
    private int _endpointId;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Row id of this engine in the endpoints table.</summary>
    public int EndpointId => Volatile.Read(ref _endpointId);

    /// <summary>Completes when <see cref="EndpointId"/> is known.</summary>
    public Task Ready => _ready.Task;

    internal void SetEndpoint(int id)
    {
        Volatile.Write(ref _endpointId, id);
        _ready.TrySetResult();
    }
}
