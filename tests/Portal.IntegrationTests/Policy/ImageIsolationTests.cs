using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Portal.Engine.Labels;
using Portal.IntegrationTests.Api;
using Portal.TestSupport;
using Xunit;
using static Portal.IntegrationTests.Compose.ComposeApiClient;
using static Portal.IntegrationTests.Policy.PolicyApiClient;

namespace Portal.IntegrationTests.Policy;

/// <summary>
/// Team A's private image (labelled with its team) is to team B exactly a missing image when B names it in a
/// run or a stack: same status, same words, nothing created. Team A and an administrator still run it.
/// </summary>
public sealed class ImageIsolationTests(ApiFixture fx) : IClassFixture<ApiFixture>
{
    /// <summary>A registry address nothing answers on: a pull attempt fails at once and never leaves the host.</summary>
    private const string DeadRegistry = "127.0.0.1:1";

    [Fact]
    public async Task TeamBRunAndStack_TeamAPrivateImage_AnswerLikeAMissingImage_CreateNothing_TeamAAndAdminRunIt()
    {
        var ct = TestContext.Current.CancellationToken;
        var repository = $"{DeadRegistry}/portal-test-img/iso{TestNames.Token()}";
        var image = $"{repository}:v1";
        var id = await fx.Daemon.CreateAsync(repository, "v1", ct, new Dictionary<string, string> { [PortalLabels.Team] = fx.TeamA });
        var missingHex = Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N");
        var missing = $"{DeadRegistry}/portal-test-img/none{TestNames.Token()}:v1";
        var before = await SessionObjectsAsync(fx, ct);

        // Run: by tag, full id and short id, each against a reference of the same form that names nothing.
        foreach (var (reference, ghost) in new[] { (image, missing), (id, "sha256:" + missingHex), (id[7..19], missingHex[..12]) })
        {
            var other = await RunAsync(fx.AsOperatorB, reference, fx.TeamB, ct);
            var none = await RunAsync(fx.AsOperatorB, ghost, fx.TeamB, ct);

            Assert.Equal(HttpStatusCode.BadRequest, other.Status);
            Assert.Equal($"Image '{reference}' is not on this engine; pull it first.", other.Detail);
            Assert.Equal((other.Status, other.Body.Replace(reference, "<ref>", StringComparison.Ordinal)), (none.Status, none.Body.Replace(ghost, "<ref>", StringComparison.Ordinal)));
        }

        Assert.Equal(before, await SessionObjectsAsync(fx, ct));

        // Stacks: pull_policy never refuses as for a missing image; missing (the default) tries to pull, as for a missing image; so does stack pull.
        var stacks = new List<string>();
        try
        {
            foreach (var (policy, action) in new[] { ("never", "up"), ("missing", "up"), ("missing", "pull") })
            {
                var errors = new List<string>();
                foreach (var reference in new[] { image, missing })
                {
                    var project = $"iso{TestNames.Token()}";
                    stacks.Add(project);
                    await SaveAsync(fx.AsOperatorB, project, fx.TeamB, "compose.json",
                        OneService(fx, project, new JsonObject { ["image"] = reference, ["pull_policy"] = policy }).ToJsonString(), ct);

                    var job = await RunJobAsync(fx.AsOperatorB, $"/api/v1/stacks/{project}/{action}", ct);

                    Assert.Equal("failed", job.State);
                    Assert.Equal((0, 0, 0), await ProjectObjectsAsync(fx, project, ct));
                    errors.Add(job.Error!.Replace(reference, "<ref>", StringComparison.Ordinal));
                }

                Assert.Equal(errors[1], errors[0]);
                Assert.Contains(policy == "never" ? "(service 'app') is not on this engine and its pull_policy is never; pull it first." : "Service 'app': pulling '<ref>'",
                    errors[0], StringComparison.Ordinal);
            }

            Assert.Equal(before, await SessionObjectsAsync(fx, ct));

            // Team A runs it and deploys it with pull_policy never; an administrator runs it too.
            Assert.Equal(HttpStatusCode.Created, (await RunAsync(fx.AsOperatorA, image, fx.TeamA, ct)).Status);
            Assert.Equal(HttpStatusCode.Created, (await RunAsync(fx.Admin, id[7..19], fx.TeamA, ct)).Status);
            var own = $"iso{TestNames.Token()}";
            stacks.Add(own);
            await SaveAsync(fx.AsOperatorA, own, fx.TeamA, "compose.json", OneService(fx, own, new JsonObject { ["image"] = image, ["pull_policy"] = "never" }).ToJsonString(), ct);
            var up = await RunJobAsync(fx.AsOperatorA, $"/api/v1/stacks/{own}/up", ct);
            Assert.True(up.State == "succeeded", up.Error);
            Assert.Equal(id, (await fx.Daemon.Client.Containers.InspectContainerAsync(Assert.Single(await ProjectContainersAsync(fx, own, ct)).ID, ct)).Image);
        }
        finally
        {
            foreach (var stack in stacks)
            {
                await DownQuietlyAsync(fx.Admin, stack);
            }
        }
    }

    /// <summary>Runs an idling container of <paramref name="image"/>; the answer's status, problem detail, and body (its fields decoded, without the trace id).</summary>
    private async Task<(HttpStatusCode Status, string? Detail, string Body)> RunAsync(HttpClient client, string image, string team, CancellationToken ct)
    {
        var body = Sleeper(fx, "iso-" + TestNames.Token(), team);
        body["image"] = image;
        using var response = await client.PostAsJsonAsync("/api/v1/containers", body, ct);
        if (JsonNode.Parse(await response.Content.ReadAsStringAsync(ct)) is not JsonObject answer || !answer.ContainsKey("detail"))
        {
            return (response.StatusCode, null, "");
        }

        answer.Remove("traceId");
        var fields = answer.Select(p => $"{p.Key}={p.Value?.ToJsonString()}").Order(StringComparer.Ordinal);
        return (response.StatusCode, answer["detail"]?.GetValue<string>(), string.Join('\n', fields));
    }
}
