using Docker.DotNet;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Docker;

/// <summary>
/// One environment's engine as the <see cref="Engines"/> registry holds it: the environment's
/// identity, its connection (the Docker client, negotiated per engine) and whether it answers.
/// </summary>
public sealed class EnvironmentEngine
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _retired = new();
    private int _id;

    internal EnvironmentEngine(string name, EngineConnection connection, int id = 0)
    {
        Name = name;
        Connection = connection;
        if (id > 0)
        {
            SetId(id);
        }
    }

    public string Name { get; }

    /// <summary>Row id in the endpoints table; 0 until <see cref="Ready"/> completes.</summary>
    public int Id => Volatile.Read(ref _id);

    /// <summary>Identity for operation contexts and records.</summary>
    public EngineEnvironment Environment => new(Id, Name);

    /// <summary>Completes when <see cref="Id"/> is known.</summary>
    public Task Ready => _ready.Task;

    public EngineConnection Connection { get; }

    /// <summary>This environment's client, or a clear "not available" failure.</summary>
    public IDockerClient Client => Connection.Client;

    public EngineStatus Status => Connection.Status;

    /// <summary>The Docker endpoint, for messages.</summary>
    public string Endpoint => Connection.Endpoint;

    /// <summary>Cancelled when the environment is removed from <see cref="Engines"/>: its supervisor ends on it.</summary>
    public CancellationToken Retired => _retired.Token;

    /// <summary>Completes when the supervisor of a removed environment has stopped writing its catalog rows.</summary>
    public Task Stopped => _stopped.Task;

    internal void Retire() => _retired.Cancel();

    internal void MarkStopped() => _stopped.TrySetResult();

    internal void SetId(int id)
    {
        Volatile.Write(ref _id, id);
        _ready.TrySetResult();
    }
}
