using System.Text.Json;
using Docker.DotNet;
using Docker.DotNet.Models;
using Xunit;

namespace Portal.IntegrationTests.Policy;

public sealed partial class SuccessfulMutationsTests
{
    /// <summary>Asserts a 2xx answer, records <paramref name="key"/> as done (null: a set-up call) and returns the JSON body (or an empty object).</summary>
    private async Task<JsonElement> OkAsync(string? key, Task<HttpResponseMessage> call, CancellationToken ct)
    {
        using var response = await call;
        var body = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.IsSuccessStatusCode, $"{key ?? "set-up"}: {(int)response.StatusCode} {body}");
        if (key is not null)
        {
            _done.Add(key);
        }

        return body.Length > 0 && response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) == true
            ? JsonSerializer.Deserialize<JsonElement>(body)
            : JsonSerializer.Deserialize<JsonElement>("{}");
    }

    private async Task<bool> RunningAsync(string container, CancellationToken ct) =>
        (await fx.Daemon.Client.Containers.InspectContainerAsync(container, ct)).State!.Running;

    private async Task<bool> NetworkExistsAsync(string name, CancellationToken ct) =>
        (await fx.Daemon.Client.Networks.ListNetworksAsync(new NetworksListParameters(), ct)).Any(n => n.Name == name);

    private async Task<bool> VolumeExistsAsync(string name, CancellationToken ct) =>
        ((await fx.Daemon.Client.Volumes.ListAsync(ct)).Volumes ?? []).Any(v => v.Name == name);

    private async Task<bool> ImageExistsAsync(string reference, CancellationToken ct)
    {
        try
        {
            await fx.Daemon.Client.Images.InspectImageAsync(reference, ct);
            return true;
        }
        catch (DockerImageNotFoundException)
        {
            return false;
        }
    }
}
