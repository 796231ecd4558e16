using System.Formats.Tar;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Portal.TestSupport;
using Xunit;

namespace Portal.IntegrationTests.Api;

/// <summary>
/// The refusals of the image and administration forms name the request field they are about (<c>field</c>, and
/// <c>errors</c> keyed by it, as ASP.NET's validation problems), so the pull, build, tag, push, user and team forms mark
/// the input: a bad reference, a taken tag, a user name that exists, a weak password, a duplicate team name.
/// </summary>
public sealed class FormRefusalFieldTests(ApiFixture fx) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Pull_BadReference_IsAboutTheReference()
    {
        var ct = TestContext.Current.CancellationToken;

        var response = await fx.AsOperatorA.PostAsJsonAsync("/api/v1/images/pull", new { reference = "Not A/Valid:1" }, ct);

        await AssertFieldAsync(response, HttpStatusCode.BadRequest, "reference", "'Not A/Valid' is not a valid repository name", ct);
    }

    [Fact]
    public async Task TagAndPush_BadOrUnknownTarget_IsAboutTheTargetOrTheRegistry()
    {
        var ct = TestContext.Current.CancellationToken;
        var image = Uri.EscapeDataString(fx.Daemon.Image);

        var tag = await fx.Admin.PostAsJsonAsync($"/api/v1/images/{image}/tag", new { target = "Bad Name:1" }, ct);
        var push = await fx.Admin.PostAsJsonAsync($"/api/v1/images/{image}/push", new { target = "127.0.0.1:1/UPPER:1" }, ct);
        var registry = await fx.Admin.PostAsJsonAsync($"/api/v1/images/{image}/push", new { registryId = int.MaxValue, target = "x/y:1" }, ct);

        await AssertFieldAsync(tag, HttpStatusCode.BadRequest, "target", "'Bad Name' is not a valid repository name", ct);
        await AssertFieldAsync(push, HttpStatusCode.BadRequest, "target", "is not a valid repository name", ct);
        await AssertFieldAsync(registry, HttpStatusCode.NotFound, "registryId", "No registry", ct);
    }

    [Fact]
    public async Task Build_BadSecondTagOrDockerfilePath_IsAboutThatTagOrThePath()
    {
        var ct = TestContext.Current.CancellationToken;
        var good = $"portal-test-img/{TestNames.Token()}:ok";

        var tags = await fx.AsOperatorA.PostAsync($"/api/v1/images/build?tag={Uri.EscapeDataString(good)}&tag={Uri.EscapeDataString("Bad Tag:1")}", Context(), ct);
        var path = await fx.AsOperatorA.PostAsync($"/api/v1/images/build?tag={Uri.EscapeDataString(good)}&dockerfile={Uri.EscapeDataString("../Dockerfile")}", Context(), ct);

        await AssertFieldAsync(tags, HttpStatusCode.BadRequest, "tags[1]", "'Bad Tag' is not a valid repository name", ct);
        await AssertFieldAsync(path, HttpStatusCode.BadRequest, "dockerfile", "'..'", ct);
        Assert.Equal(HttpStatusCode.NotFound, (await fx.AsOperatorA.GetAsync($"/api/v1/images/{Uri.EscapeDataString(good)}", ct)).StatusCode);
    }

    [Fact]
    public async Task CreateUser_TakenNameWeakPasswordUnknownRoleOrTeam_IsAboutThatField()
    {
        var ct = TestContext.Current.CancellationToken;
        var fresh = $"fields-{TestNames.Token()}";

        var taken = await fx.Admin.PostAsJsonAsync("/api/v1/users", new { username = fx.OperatorA, password = ApiFixture.Password, role = "Viewer" }, ct);
        var weak = await fx.Admin.PostAsJsonAsync("/api/v1/users", new { username = fresh, password = "short", role = "Viewer" }, ct);
        var role = await fx.Admin.PostAsJsonAsync("/api/v1/users", new { username = fresh, password = ApiFixture.Password, role = "Boss" }, ct);
        var team = await fx.Admin.PostAsJsonAsync("/api/v1/users", new { username = fresh, password = ApiFixture.Password, role = "Viewer", teams = new[] { "no-such-team-" + TestNames.Token() } }, ct);

        await AssertFieldAsync(taken, HttpStatusCode.Conflict, "username", $"Username '{fx.OperatorA}' is already taken.", ct);
        await AssertFieldAsync(weak, HttpStatusCode.BadRequest, "password", "Passwords must be at least", ct);
        await AssertFieldAsync(role, HttpStatusCode.BadRequest, "role", "Role 'Boss' is not one of", ct);
        await AssertFieldAsync(team, HttpStatusCode.BadRequest, "teams", "There is no team named", ct);
        Assert.DoesNotContain(fresh, await fx.Admin.GetStringAsync("/api/v1/users", ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateTeam_DuplicateOrInvalidName_IsAboutTheName()
    {
        var ct = TestContext.Current.CancellationToken;

        var duplicate = await fx.Admin.PostAsJsonAsync("/api/v1/teams", new { name = fx.TeamA }, ct);
        var invalid = await fx.Admin.PostAsJsonAsync("/api/v1/teams", new { name = "Not Valid" }, ct);

        await AssertFieldAsync(duplicate, HttpStatusCode.Conflict, "name", $"A team named '{fx.TeamA}' already exists.", ct);
        await AssertFieldAsync(invalid, HttpStatusCode.BadRequest, "name", "is not a valid team name", ct);
    }

    /// <summary>The problem names <paramref name="field"/>, and its <c>errors</c> entry holds the message, one sentence per rule.</summary>
    private static async Task AssertFieldAsync(HttpResponseMessage response, HttpStatusCode status, string field, string message, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {text}");
        using var body = JsonDocument.Parse(text);
        Assert.Equal(field, body.RootElement.GetProperty("field").GetString());
        var messages = body.RootElement.GetProperty("errors").GetProperty(field).EnumerateArray().Select(e => e.GetString() ?? "").ToList();
        Assert.Contains(messages, m => m.Contains(message, StringComparison.Ordinal));
        Assert.All(messages, m => Assert.EndsWith(".", m, StringComparison.Ordinal));
    }

    private ByteArrayContent Context()
    {
        var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "Dockerfile") { DataStream = new MemoryStream(Encoding.UTF8.GetBytes($"FROM {fx.Daemon.Image}\n")) });
        }

        var content = new ByteArrayContent(tar.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-tar");
        return content;
    }
}
