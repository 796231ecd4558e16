using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Portal.Engine.Compose.Loading;
using Portal.Engine.Compose.Model;
using Portal.Engine.Compose.Stacks;
using Portal.IntegrationTests.Api;
using Portal.TestSupport;
using Xunit;
using static Portal.IntegrationTests.Compose.ComposeApiClient;

namespace Portal.IntegrationTests.Compose;

/// <summary>A stack of several files, as the page's editor and upload send them: every one ends up used on the engine.</summary>
public sealed class StackFilesApiTests(ApiFixture fx) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task OverrideFile_EnvFile_ExtendsTarget_AndBinaryFile_AllEndUpUsed_OnTheDeployedContainer()
    {
        var ct = TestContext.Current.CancellationToken;
        var project = $"files{TestNames.Token()}";
        var compose = OneService(fx, project, new JsonObject
        {
            ["environment"] = new JsonObject { ["COLOR"] = "blue", ["SIZE"] = "s" },
            ["env_file"] = new JsonArray("app.env"),
            ["extends"] = new JsonObject { ["file"] = "common.yaml", ["service"] = "base" },
        });
        ComposeFile[] files =
        [
            new("compose.json", compose.ToJsonString()),
            new("compose.override.yaml", "services:\n  app:\n    environment:\n      COLOR: green\n"),
            new("app.env", "FROM_ENV_FILE=yes\n"),
            // YAML kept out of the merge: only the extends target.
            new("common.yaml", "services:\n  base:\n    environment:\n      FROM_COMMON: yes\n") { Merged = false },
            StackFiles.FromBytes("assets/logo.png", [0x89, 0x50, 0x4E, 0x47, 0x00, 0xFF]),
        ];
        var created = await fx.AsOperatorA.PostAsJsonAsync("/api/v1/stacks", new SaveStackRequest { Name = project, Team = fx.TeamA, Files = files }, ComposeApiClient.Json, ct);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync(ct));
        try
        {
            var stored = (await fx.AsOperatorA.GetFromJsonAsync<StackDetails>($"/api/v1/stacks/{project}", ComposeApiClient.Json, ct))!;
            Assert.Equal(files.Select(f => f.Name), stored.Files.Select(f => f.Name));
            Assert.Equal([0x89, 0x50, 0x4E, 0x47, 0x00, 0xFF], StackFiles.Bytes(stored.Files[^1]));
            Assert.False(stored.Files.Single(f => f.Name == "common.yaml").Merged);

            // The plan of unsaved files (what the editor's "Plan these files" asks): all of them, nothing saved.
            var preview = await fx.AsOperatorA.PostAsJsonAsync($"/api/v1/stacks/{project}/plan", new SaveStackRequest { Files = files[..1] }, ComposeApiClient.Json, ct);
            Assert.True(preview.StatusCode == HttpStatusCode.BadRequest, await preview.Content.ReadAsStringAsync(ct));
            Assert.Contains("The files do not load", await preview.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
            preview = await fx.AsOperatorA.PostAsJsonAsync($"/api/v1/stacks/{project}/plan", new SaveStackRequest { Files = files }, ComposeApiClient.Json, ct);
            Assert.True(preview.StatusCode == HttpStatusCode.OK, await preview.Content.ReadAsStringAsync(ct));
            Assert.Contains("service:app:1", (await preview.Content.ReadFromJsonAsync<JsonObject>(ct))!["text"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Single((await fx.AsOperatorA.GetFromJsonAsync<JsonArray>($"/api/v1/stacks/{project}/revisions", ct))!);

            var up = await RunJobAsync(fx.AsOperatorA, $"/api/v1/stacks/{project}/up", ct);

            Assert.True(up.State == "succeeded", up.Error);
            var container = Assert.Single(await ProjectContainersAsync(fx, project, ct));
            var env = (await fx.Daemon.Client.Containers.InspectContainerAsync(container.ID, ct)).Config!.Env!;
            Assert.Contains("COLOR=green", env);
            Assert.Contains("SIZE=s", env);
            Assert.Contains("FROM_ENV_FILE=yes", env);
            Assert.Contains("FROM_COMMON=yes", env);
            Assert.Contains($"/{project}/compose.override.yaml", container.Labels[ComposeLabels.ConfigFiles], StringComparison.Ordinal);
            Assert.DoesNotContain("common.yaml", container.Labels[ComposeLabels.ConfigFiles], StringComparison.Ordinal);
        }
        finally
        {
            await DownQuietlyAsync(fx.AsOperatorA, project);
        }
    }

    [Fact]
    public async Task Save_DuplicateNames_PathsLeavingTheStack_AndOversizedFiles_Are400_NamingTheFile()
    {
        var ct = TestContext.Current.CancellationToken;
        var project = $"files{TestNames.Token()}";
        var compose = OneService(fx, project).ToJsonString();
        ComposeFile[] files =
        [
            new("compose.json", compose),
            new("compose.json", compose),
            new("../escape.yaml", "services: {}\n"),
            new("huge.txt", new string('x', (1 << 20) + 1)),
        ];

        var refused = await fx.AsOperatorA.PostAsJsonAsync("/api/v1/stacks", new SaveStackRequest { Name = project, Team = fx.TeamA, Files = files }, ComposeApiClient.Json, ct);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var detail = (await refused.Content.ReadFromJsonAsync<JsonObject>(ct))!["detail"]!.GetValue<string>();
        Assert.Contains("compose.json:0:0: There are two files named 'compose.json'.", detail, StringComparison.Ordinal);
        Assert.Contains("../escape.yaml", detail, StringComparison.Ordinal);
        Assert.Contains("huge.txt:0:0: The file is 1048577 B, more than the limit of 1 MiB per file.", detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await fx.AsOperatorA.GetAsync($"/api/v1/stacks/{project}", ct)).StatusCode);
    }
}
