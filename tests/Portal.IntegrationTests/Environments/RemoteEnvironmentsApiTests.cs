using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Docker.DotNet.Models;
using Microsoft.AspNetCore.SignalR.Client;
using Portal.IntegrationTests.Api;
using Portal.TestSupport;
using Xunit;

namespace Portal.IntegrationTests.Environments;

/// <summary>
/// Environments as an administrator and a team use them through the API: a TLS engine and an SSH engine
/// (the run's own, in their namespaces) added with their certificates and key, the SSH host key read by a
/// test and confirmed, granted to team A; a stack deployed on the TLS environment runs on that engine; a
/// container on the SSH environment gives its logs, stats, a command's output and a terminal session through Portal.
/// </summary>
[Collection(RemoteEnginesCollection.Name)]
public sealed class RemoteEnvironmentsApiTests(RemoteEnginesFixture remote, ApiFixture fx) : IClassFixture<ApiFixture>
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task TlsStackRunsThere_SshContainerGivesLogsStatsAndExec()
    {
        var ct = TestContext.Current.CancellationToken;
        var tls = "tls-" + fx.Suffix;
        var ssh = "ssh-" + fx.Suffix;
        var stack = "remote" + fx.Suffix;
        var container = "remote-ssh-" + fx.Suffix;
        try
        {
            await CreateAsync(new { name = tls, kind = "tcp+tls", uri = remote.TlsEndpoint, tlsCa = remote.CaPem, tlsCert = remote.ClientCertPem, tlsKey = remote.ClientKeyPem }, ct);
            // The host key is shown by a test before anything trusts it; the admin confirms what was shown.
            var probe = await fx.Admin.PostAsJsonAsync("/api/v1/environments/test", new { name = ssh, kind = "ssh", uri = remote.SshUri, sshKey = remote.SshPrivateKey }, ct);
            var shown = (await probe.Content.ReadFromJsonAsync<JsonElement>(s_json, ct)).GetProperty("sshHostKeyFingerprint").GetString();
            Assert.Equal(remote.SshHostKeyFingerprint, shown);
            await CreateAsync(new { name = ssh, kind = "ssh", uri = remote.SshUri, sshKey = remote.SshPrivateKey, sshHostKeyFingerprint = shown }, ct);
            foreach (var env in new[] { tls, ssh })
            {
                (await fx.Admin.PutAsJsonAsync($"/api/v1/environments/{env}/grants/{fx.TeamA}", new { role = "Operator" }, ct)).EnsureSuccessStatusCode();
                await Poll.UntilAsync(async t => string.Equals((await fx.AsOperatorA.GetFromJsonAsync<JsonElement>($"/api/v1/environments/{env}", s_json, t)).GetProperty("state").GetString(), "connected", StringComparison.OrdinalIgnoreCase),
                    $"environment {env} to connect", ct, TimeSpan.FromSeconds(30));
            }

            // A stack deployed on the TLS environment runs on that engine, not on the host's.
            var compose = $"services:\n  app:\n    image: {remote.Tls.Image}\n    command: [\"sleep\", \"600\"]\n    labels:\n      {TestLabels.Session}: \"{fx.Suffix}\"\n";
            (await fx.AsOperatorA.PostAsJsonAsync($"/api/v1/environments/{tls}/stacks", new { name = stack, team = fx.TeamA, files = new[] { new { name = "compose.yaml", content = compose } } }, ct)).EnsureSuccessStatusCode();
            var up = await fx.AsOperatorA.PostAsync($"/api/v1/environments/{tls}/stacks/{stack}/up?wait=true", null, ct);
            Assert.True(up.IsSuccessStatusCode, await up.Content.ReadAsStringAsync(ct));
            var running = await Poll.UntilAsync(async t => (await remote.Tls.Client.Containers.ListContainersAsync(new ContainersListParameters
            {
                Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"com.docker.compose.project={stack}"] = true } },
            }, t)).FirstOrDefault(), "the stack's container to run on the TLS engine", ct, TimeSpan.FromSeconds(60));
            Assert.Equal("running", running!.State);
            Assert.DoesNotContain(stack, await fx.AsOperatorA.GetStringAsync("/api/v1/stacks", ct), StringComparison.Ordinal);

            // A container on the SSH environment: logs, stats and a command, all through Portal.
            var run = await fx.AsOperatorA.PostAsJsonAsync($"/api/v1/environments/{ssh}/containers", new
            {
                image = remote.Ssh.Image,
                name = container,
                team = fx.TeamA,
                command = new[] { "sh", "-c", "echo over-ssh; sleep 600" },
                labels = new Dictionary<string, string> { [TestLabels.Session] = fx.Suffix },
            }, ct);
            Assert.True(run.IsSuccessStatusCode, await run.Content.ReadAsStringAsync(ct));
            Assert.True((await remote.Ssh.Client.Containers.InspectContainerAsync(container, ct)).State!.Running);
            var logs = await Poll.UntilAsync(async t =>
            {
                var text = await fx.AsOperatorA.GetStringAsync($"/api/v1/environments/{ssh}/containers/{container}/logs", t);
                return text.Contains("over-ssh", StringComparison.Ordinal) ? text : null;
            }, "the SSH container's log through Portal", ct, TimeSpan.FromSeconds(20));
            Assert.Equal("over-ssh\n", logs);
            var stats = await Poll.UntilAsync(async t =>
            {
                var response = await fx.AsOperatorA.GetAsync($"/api/v1/environments/{ssh}/containers/{container}/stats", t);
                return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadAsStringAsync(t) : null;
            }, "the SSH container's stats through Portal", ct, TimeSpan.FromSeconds(30));
            Assert.Contains(container, stats, StringComparison.Ordinal);
            var exec = await fx.AsOperatorA.PostAsJsonAsync($"/api/v1/environments/{ssh}/containers/{container}/exec", new { command = new[] { "sh", "-c", "echo exec-$(hostname)" } }, ct);
            var result = await exec.Content.ReadFromJsonAsync<JsonElement>(s_json, ct);
            var hostname = (await remote.Ssh.Client.Containers.InspectContainerAsync(container, ct)).Config!.Hostname;
            Assert.Equal($"exec-{hostname}\n", result.GetProperty("stdout").GetString());

            // The terminal's session (the exec hub the page uses) on the SSH environment.
            await using var hub = await ExecHubClient.ConnectAsync(fx.Factory.Server, fx.AsOperatorA, ct);
            var session = await hub.InvokeAsync<string>("StartSession", new Portal.Web.Hubs.ExecStartRequest
            {
                Environment = ssh,
                Container = container,
                // Lives a moment: a process that ends before the session's first resize fails to start (engine: "cannot resize a stopped container").
                Command = ["sh", "-c", "echo term-$(hostname); sleep 1"],
            }, ct);
            var output = "";
            await foreach (var frame in hub.StreamAsync<JsonElement>("Output", session, ct))
            {
                output += frame.GetRawText();
            }

            Assert.Contains($"term-{hostname}", output, StringComparison.Ordinal);
        }
        finally
        {
            // What this test made on the remote engines, by its label (the engines themselves go with the fixture).
            foreach (var engine in new[] { remote.Tls, remote.Ssh })
            {
                var mine = await engine.Client.Containers.ListContainersAsync(new ContainersListParameters
                {
                    All = true,
                    Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{TestLabels.Session}={fx.Suffix}"] = true } },
                }, CancellationToken.None);
                foreach (var c in mine)
                {
                    await engine.Client.Containers.RemoveContainerAsync(c.ID, new ContainerRemoveParameters { Force = true }, CancellationToken.None);
                }
            }
        }
    }

    private async Task CreateAsync(object body, CancellationToken ct)
    {
        var created = await fx.Admin.PostAsJsonAsync("/api/v1/environments", body, ct);
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync(ct));
    }
}
