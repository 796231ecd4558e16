using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Engine.Configuration;
using Portal.Engine.Docker;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Tests.Logs;

/// <summary>Environment registries and connections with no engine behind them, for code that only keys work by environment.</summary>
internal static class TestEngines
{
    public const string Endpoint = "unix:///run/portal-tests-nothing-here.sock";

    public static Engines Create(string name = "local", string endpoint = Endpoint) =>
        new(Options.Create(new EngineOptions { Endpoint = endpoint, Name = name }), TimeProvider.System, NullLoggerFactory.Instance);

    public static EngineConnection Connection(string endpoint = Endpoint) =>
        new(Options.Create(new EngineOptions { Endpoint = endpoint }), TimeProvider.System, NullLogger<EngineConnection>.Instance);

    /// <summary>Adds an environment named <paramref name="name"/> with row id <paramref name="id"/> (never connected).</summary>
    public static EnvironmentEngine AddSecond(Engines engines, string name = "second", int id = 2) =>
        engines.Add(new EngineEnvironment(id, name), Connection());
}
