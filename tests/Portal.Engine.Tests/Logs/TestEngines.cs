using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Engine.Configuration;
using Portal.Engine.Docker;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Tests.Logs;

/// <summary>An environment registry with no engine behind it, for code that only keys work by environment.</summary>
internal static class TestEngines
{
    public const string Endpoint = "unix:///run/portal-tests-nothing-here.sock";

    public static Engines Create() =>
        new(Options.Create(new EngineOptions { Endpoint = Endpoint, Name = "local" }), TimeProvider.System, NullLoggerFactory.Instance);

    /// <summary>Adds an environment named <paramref name="name"/> with row id <paramref name="id"/> (never connected).</summary>
    public static EnvironmentEngine AddSecond(Engines engines, string name = "second", int id = 2) =>
        engines.Add(new EngineEnvironment(id, name), new EngineConnection(
            Options.Create(new EngineOptions { Endpoint = Endpoint, Name = name }), TimeProvider.System, NullLogger<EngineConnection>.Instance));
}
