using System.Net.WebSockets;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Portal.ExecBench;

/// <summary>
/// The floor under any web terminal: a bare Kestrel WebSocket relayed to a hijacked exec stream,
/// with no sign-in, pipeline, audit or session bookkeeping. Run as its own process (as Portal is),
/// so the bench can tell what the WebSocket hop costs from what Portal adds to it.
/// </summary>
internal static class Relay
{
    public static async Task RunAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        using var docker = new DockerClientBuilder().WithEndpoint(new Uri("unix:///var/run/docker.sock")).Build();
        var app = builder.Build();
        app.UseWebSockets();
        app.Map("/relay", async (HttpContext http) =>
        {
            var exec = await docker.Exec.CreateContainerExecAsync(http.Request.Query["container"].ToString(), new ContainerExecCreateParameters
            {
                Cmd = ["cat"], TTY = true, AttachStdin = true, AttachStdout = true, AttachStderr = true,
            }, http.RequestAborted);
            using var stream = await docker.Exec.StartContainerExecAsync(exec.ID, new ContainerExecStartParameters { TTY = true }, http.RequestAborted);
            using var socket = await http.WebSockets.AcceptWebSocketAsync();
            var input = Task.Run(async () =>
            {
                var buffer = new byte[4096];
                while (true)
                {
                    var received = await socket.ReceiveAsync(buffer.AsMemory(), http.RequestAborted);
                    if (received.MessageType == WebSocketMessageType.Close)
                    {
                        return;
                    }

                    await stream.WriteAsync(buffer, 0, received.Count, http.RequestAborted);
                }
            });
            var output = new byte[16 * 1024];
            while (!input.IsCompleted)
            {
                var read = await stream.ReadOutputAsync(output, 0, output.Length, http.RequestAborted);
                if (read.EOF)
                {
                    break;
                }

                await socket.SendAsync(output.AsMemory(0, read.Count), WebSocketMessageType.Binary, endOfMessage: true, http.RequestAborted);
            }
        });
        await app.RunAsync();
    }
}
