using System.Net.Http.Json;
using Microsoft.Playwright;

namespace Portal.E2E;

/// <summary>
/// Issue 14's proof: stack actions tell open pages. An operator's containers list, opened once and never
/// reloaded, shows a two-service stack's containers when it is deployed through the API and drops them when
/// it is taken down.
/// </summary>
public sealed class StackLiveListTests : BrowserScenario
{
    protected override async Task CleanUpEngineAsync()
    {
        await base.CleanUpEngineAsync();
        await DockerCli.RemoveLabelledNetworksAndVolumesAsync(SessionLabel, CancellationToken.None);
    }

    [Fact]
    public async Task OpenContainersList_SeesStackContainersAppearAndDisappear_WithoutReload()
    {
        var ct = TestContext.Current.CancellationToken;
        var baseUrl = Server.BaseUrl;
        var suffix = Session[..8];
        var team = $"e2e-live-{suffix}";
        var person = $"e2e-op-{suffix}";
        var stack = $"e2elive{suffix}";
        using var api = await AdminApiAsync("live-list", ct);
        (await api.PostAsJsonAsync("/api/v1/teams", new { name = team }, ct)).EnsureSuccessStatusCode();
        (await api.PostAsJsonAsync("/api/v1/users", new { username = person, password = "e2e-operator-password", role = "Operator", teams = new[] { team } }, ct)).EnsureSuccessStatusCode();
        var compose = $$"""
            services:
              one:
                image: {{E2EEnvironment.TestImage}}
                command: ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]
                labels:
                  portal-test.session: "{{Session}}"
              two:
                image: {{E2EEnvironment.TestImage}}
                command: ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]
                labels:
                  portal-test.session: "{{Session}}"
            networks:
              default:
                labels:
                  portal-test.session: "{{Session}}"
            """;
        (await api.PostAsJsonAsync("/api/v1/stacks", new { name = stack, team, files = new[] { new { name = "compose.yaml", content = compose } } }, ct)).EnsureSuccessStatusCode();

        var page = await NewPageAsync();
        await page.SignInAsync(baseUrl, person, "e2e-operator-password");
        await page.OpenAsync(baseUrl + "/containers");
        var one = page.ContainerRow($"{stack}-one-1");
        var two = page.ContainerRow($"{stack}-two-1");
        await Assertions.Expect(one).ToHaveCountAsync(0);
        // A marker the page keeps only while it is not reloaded.
        await page.EvaluateAsync("() => window.__notReloaded = true");

        (await api.PostAsync($"/api/v1/stacks/{stack}/up", null, ct)).EnsureSuccessStatusCode();
        await Assertions.Expect(one).ToHaveCountAsync(1, new() { Timeout = 60_000 });
        await Assertions.Expect(two).ToHaveCountAsync(1, new() { Timeout = 60_000 });
        Assert.Equal(2, (await DockerCli.ContainersWithLabelAsync($"com.docker.compose.project={stack}", ct)).Count);

        (await api.PostAsync($"/api/v1/stacks/{stack}/down", null, ct)).EnsureSuccessStatusCode();
        await Assertions.Expect(one).ToHaveCountAsync(0, new() { Timeout = 60_000 });
        await Assertions.Expect(two).ToHaveCountAsync(0, new() { Timeout = 60_000 });
        Assert.Empty(await DockerCli.ContainersWithLabelAsync($"com.docker.compose.project={stack}", ct));
        Assert.True(await page.EvaluateAsync<bool>("() => window.__notReloaded === true"), "The containers page was reloaded.");
    }
}
