using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Stores;
using Portal.Engine.Exec;
using Portal.Engine.Admission;
using Portal.TestSupport;
using Portal.Web.Hubs;
using Xunit;

namespace Portal.IntegrationTests.Api;

/// <summary>Exec through the REST API and the <c>/hubs/exec</c> hub, as each role drives it.</summary>
public sealed class ExecApiTests(ApiFixture fx) : IClassFixture<ApiFixture>
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task Exec_ArrayAndStringCommands_ReturnStdoutStderrExitCode()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = await RunSleeperAsync(ct);

        var array = await ExecAsync(fx.AsOperatorA, name, new { command = new[] { "sh", "-c", "echo out; echo err >&2; exit 3" } }, ct);
        var line = await ExecAsync(fx.AsOperatorA, name, new { command = "echo $A-$B | tr a-z A-Z", env = new[] { "A=x", "B=y" }, workingDir = "/tmp" }, ct);

        Assert.Equal(("out\n", "err\n", 3, false), (array.GetProperty("stdout").GetString(), array.GetProperty("stderr").GetString(), array.GetProperty("exitCode").GetInt32(), array.GetProperty("truncated").GetBoolean()));
        Assert.Equal(("X-Y\n", 0), (line.GetProperty("stdout").GetString(), line.GetProperty("exitCode").GetInt32()));
    }

    [Fact]
    public async Task Exec_ViewerOtherTeamPrivilegedAndBadBody_Refused()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = await RunSleeperAsync(ct);
        var body = new { command = new[] { "true" } };

        var viewer = await fx.AsViewerA.PostAsJsonAsync($"/api/v1/containers/{name}/exec", body, ct);
        var other = await fx.AsOperatorB.PostAsJsonAsync($"/api/v1/containers/{name}/exec", body, ct);
        var privileged = await fx.AsOperatorA.PostAsJsonAsync($"/api/v1/containers/{name}/exec", new { command = new[] { "true" }, privileged = true }, ct);
        var empty = await fx.AsOperatorA.PostAsJsonAsync($"/api/v1/containers/{name}/exec", new { command = Array.Empty<string>() }, ct);

        Assert.Equal(HttpStatusCode.Forbidden, viewer.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.DoesNotContain(fx.TeamA, await other.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, privileged.StatusCode);
        Assert.Equal(AdmissionPolicy.PrivilegedExecRule, (await privileged.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("rule").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
    }

    [Fact]
    public async Task Hub_TokenClientTypesEcho_SeesHelloResizesAndEndsWithMessage()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = await RunSleeperAsync(ct);
        await using var hub = await ExecHubClient.ConnectAsync(fx.Factory.Server, fx.AsOperatorA, ct);

        var id = await hub.InvokeAsync<string>("StartSession", new ExecStartRequest { Container = name, Command = ["/bin/sh"], Cols = 90, Rows = 30 }, ct);
        var output = new HubOutput(hub.StreamAsync<ExecFrame>("Output", id, ct));
        await hub.SendAsync("Input", id, "echo hel''lo\n", ct);
        await output.WaitForAsync("hello\r\n", ct);
        await hub.InvokeAsync("Input", id, "stty size\n", ct);
        await output.WaitForAsync("30 90", ct);
        await hub.InvokeAsync("Resize", id, 132, 43, ct);
        await hub.InvokeAsync("Input", id, "stty size\n", ct);
        await output.WaitForAsync("43 132", ct);
        await hub.InvokeAsync("Input", id, "exit 5\n", ct);
        var end = await output.Ended.WaitAsync(TimeSpan.FromSeconds(15), ct);

        Assert.Equal((5L, "Process exited with code 5."), (end.ExitCode, end.Message));
        var audit = await AuditAsync(name, ct);
        Assert.Contains(audit, a => a.Action == ExecOperations.SessionStartAction && a.Outcome == "succeeded" && a.Actor == fx.OperatorA);
        Assert.Contains(audit, a => a.Action == ExecOperations.SessionEndAction && a.Detail!.Contains("exit code 5", StringComparison.Ordinal));
        var error = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync("Input", id, "echo late\n", ct));
        Assert.Contains("No such terminal session", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hub_ViewerAndOtherTeam_RefusedLikeTheApi()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = await RunSleeperAsync(ct);
        await using var viewer = await ExecHubClient.ConnectAsync(fx.Factory.Server, fx.AsViewerA, ct);
        await using var other = await ExecHubClient.ConnectAsync(fx.Factory.Server, fx.AsOperatorB, ct);
        var missing = "no-such-" + TestNames.Token();

        var refused = await Assert.ThrowsAsync<HubException>(() => viewer.InvokeAsync<string>("StartSession", new ExecStartRequest { Container = name }, ct));
        var hidden = await Assert.ThrowsAsync<HubException>(() => other.InvokeAsync<string>("StartSession", new ExecStartRequest { Container = name }, ct));
        var absent = await Assert.ThrowsAsync<HubException>(() => other.InvokeAsync<string>("StartSession", new ExecStartRequest { Container = missing }, ct));

        Assert.Contains("read-only access", refused.Message, StringComparison.Ordinal);
        Assert.Equal(absent.Message.Replace(missing, name, StringComparison.Ordinal), hidden.Message);
    }

    [Fact]
    public async Task Hub_SessionsPerConnection_BoundedAndClosedWithTheConnection()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = await RunSleeperAsync(ct);
        var hub = await ExecHubClient.ConnectAsync(fx.Factory.Server, fx.AsOperatorA, ct);
        for (var i = 0; i < ExecSessionRegistry.MaxSessionsPerConnection; i++)
        {
            await hub.InvokeAsync<string>("StartSession", new ExecStartRequest { Container = name }, ct);
        }

        var full = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<string>("StartSession", new ExecStartRequest { Container = name }, ct));
        await hub.DisposeAsync();

        Assert.Contains("close one first", full.Message, StringComparison.Ordinal);
        await Poll.UntilAsync(async t => (await AuditAsync(name, t)).Count(a => a.Action == ExecOperations.SessionEndAction) == ExecSessionRegistry.MaxSessionsPerConnection,
            "every session of the closed connection to end", ct);
        Assert.All((await AuditAsync(name, ct)).Where(a => a.Action == ExecOperations.SessionEndAction), a => Assert.Contains("Session closed.", a.Detail, StringComparison.Ordinal));
    }

    private async Task<string> RunSleeperAsync(CancellationToken ct)
    {
        var name = "exec-" + Guid.NewGuid().ToString("N")[..10];
        var run = await fx.AsOperatorA.PostAsJsonAsync("/api/v1/containers", Policy.PolicyApiClient.Sleeper(fx, name), ct);
        Assert.Equal(HttpStatusCode.Created, run.StatusCode);
        return name;
    }

    private static async Task<JsonElement> ExecAsync(HttpClient client, string name, object body, CancellationToken ct)
    {
        var response = await client.PostAsJsonAsync($"/api/v1/containers/{name}/exec", body, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonSerializer.Deserialize<JsonElement>(text, s_json);
    }

    private async Task<IReadOnlyList<Portal.Data.Entities.AuditEntry>> AuditAsync(string target, CancellationToken ct)
    {
        var page = await fx.Factory.Services.GetRequiredService<AuditStore>().QueryAsync(new AuditQuery { Text = target, Take = 1000 }, ct);
        return page.Items.Where(a => a.Target == target).ToList();
    }

    /// <summary>Collects a session's output frames in the background.</summary>
    private sealed class HubOutput
    {
        private readonly StringBuilder _text = new();
        private readonly Lock _gate = new();
        private readonly TaskCompletionSource<ExecFrame> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public HubOutput(IAsyncEnumerable<ExecFrame> frames) => _ = Task.Run(async () =>
        {
            try
            {
                await foreach (var frame in frames)
                {
                    if (frame.Ended)
                    {
                        _ended.TrySetResult(frame);
                    }

                    lock (_gate)
                    {
                        _text.Append(frame.Data);
                    }
                }
            }
            catch (Exception ex)
            {
                _ended.TrySetException(ex);
            }
        });

        public Task<ExecFrame> Ended => _ended.Task;

        private string Text
        {
            get
            {
                lock (_gate)
                {
                    return _text.ToString();
                }
            }
        }

        public async Task WaitForAsync(string expected, CancellationToken ct)
        {
            try
            {
                await Poll.UntilAsync(_ => Task.FromResult(Text.Contains(expected, StringComparison.Ordinal)), $"'{expected}' from the hub", ct);
            }
            catch (TimeoutException ex)
            {
                throw new TimeoutException($"{ex.Message}; the output was: {Text}", ex);
            }
        }
    }
}
