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

    internal void SetId(int id)
    {
        Volatile.Write(ref _id, id);
        _ready.TrySetResult();
    }
}
