using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Engine.Configuration;
using Portal.Engine.Docker;
using Portal.Engine.Pipeline;
using Portal.TestSupport;
using Xunit;

namespace Portal.IntegrationTests.Environments;

/// <summary>What every transport must carry: a listing, a container run to its end, and an exec whose output comes back over the hijacked stream.</summary>
internal static class RemoteEngineChecks
{
    public static EngineConnectionFactory Factory() => new(Options.Create(new EngineOptions()), TimeProvider.System, NullLoggerFactory.Instance);

    /// <summary>Portal's raw HTTP path (<see cref="EngineHttp"/>) opens its connections through the same transport.</summary>
    public static async Task ReadInfoRawAsync(EngineConnection connection, string localEndpoint, CancellationToken ct)
    {
        using var engines = new Engines(Options.Create(new EngineOptions { Endpoint = localEndpoint }), TimeProvider.System, NullLoggerFactory.Instance);
        var engine = engines.Add(new EngineEnvironment(2, "remote-" + TestNames.Token()), connection);
        using (Engines.Use(engine))
        {
            using var info = await new EngineHttp(engines).SendAsync(HttpMethod.Get, "/info", ct);
            Assert.False(string.IsNullOrEmpty(info.RootElement.GetProperty("ID").GetString()));
        }
    }

    public static async Task RunContainerAndExecAsync(IDockerClient client, string image, CancellationToken ct)
    {
        _ = await client.Containers.ListContainersAsync(new ContainersListParameters { All = true }, ct);
        var name = "remote-" + TestNames.Token();
        var created = await client.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Name = name,
            Image = image,
            Cmd = ["sleep", "60"],
            Labels = new Dictionary<string, string> { [TestLabels.Session] = "remote-engines" },
        }, ct);
        try
        {
            await client.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), ct);
            var listed = await client.Containers.ListContainersAsync(new ContainersListParameters
            {
                Filters = new Dictionary<string, IDictionary<string, bool>> { ["name"] = new Dictionary<string, bool> { [name] = true } },
            }, ct);
            Assert.Equal("running", Assert.Single(listed).State);

            var exec = await client.Exec.CreateContainerExecAsync(created.ID, new ContainerExecCreateParameters
            {
                Cmd = ["echo", "hello from " + name],
                AttachStdout = true,
                AttachStderr = true,
            }, ct);
            var output = new StringBuilder();
            using (var stream = await client.Exec.StartContainerExecAsync(exec.ID, new ContainerExecStartParameters(), ct))
            {
                var buffer = new byte[4096];
                while (await stream.ReadOutputAsync(buffer, 0, buffer.Length, ct) is { EOF: false } read)
                {
                    output.Append(Encoding.UTF8.GetString(buffer, 0, read.Count));
                }
            }

            Assert.Equal($"hello from {name}\n", output.ToString());
        }
        finally
        {
            await client.Containers.RemoveContainerAsync(created.ID, new ContainerRemoveParameters { Force = true }, CancellationToken.None);
        }
    }
}
