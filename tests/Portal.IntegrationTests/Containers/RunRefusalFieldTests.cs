using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Portal.IntegrationTests.Api;
using Portal.TestSupport;
using Xunit;
using static Portal.IntegrationTests.Policy.PolicyApiClient;

namespace Portal.IntegrationTests.Containers;

/// <summary>
/// A run refused over one field says which, as ASP.NET's validation problems do: <c>field</c> and
/// <c>errors</c> keyed by the request's JSON path, so a form can mark the input; nothing is created.
/// </summary>
public sealed class RunRefusalFieldTests(ApiFixture fx) : IClassFixture<ApiFixture>
{
    public static TheoryData<string, object, HttpStatusCode, string> Fields => new()
    {
        { "binds", new[] { "/etc:/host-etc:ro" }, HttpStatusCode.Forbidden, "binds[0]" },
        { "ports", new[] { "127.0.0.1:18081:80", "99999:80" }, HttpStatusCode.BadRequest, "ports[1]" },
        { "volumes", new[] { "/etc:/x" }, HttpStatusCode.BadRequest, "volumes[0]" },
        { "image", "Not/An:Image:", HttpStatusCode.BadRequest, "image" },
        { "privileged", true, HttpStatusCode.Forbidden, "privileged" },
    };

    [Theory]
    [MemberData(nameof(Fields))]
    public async Task Run_RefusedField_IsNamedInTheProblem(string key, object value, HttpStatusCode status, string field)
    {
        var ct = TestContext.Current.CancellationToken;
        var before = await SessionObjectsAsync(fx, ct);
        var request = Sleeper(fx, "field" + TestNames.Token());
        request[key] = value;

        var response = await fx.AsOperatorA.PostAsJsonAsync("/api/v1/containers", request, ct);

        var text = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {text}");
        using var body = JsonDocument.Parse(text);
        Assert.Equal(field, body.RootElement.GetProperty("field").GetString());
        var detail = body.RootElement.GetProperty("detail").GetString();
        Assert.Equal(detail, Assert.Single(body.RootElement.GetProperty("errors").GetProperty(field).EnumerateArray()).GetString());
        Assert.Equal(before, await SessionObjectsAsync(fx, ct));
    }
}
