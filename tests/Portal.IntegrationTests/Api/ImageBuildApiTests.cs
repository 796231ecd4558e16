using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Portal.Engine.Images.Jobs;
using Portal.Engine.Labels;
using Portal.TestSupport;
using Xunit;

namespace Portal.IntegrationTests.Api;

/// <summary>Build over the REST API: raw archive and multipart bodies, the log followed as NDJSON.</summary>
public sealed class ImageBuildApiTests(ApiFixture fx) : IClassFixture<ApiFixture>
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private string Query(string tag) => $"/api/v1/images/build?tag={Uri.EscapeDataString(tag)}&label={Uri.EscapeDataString($"{TestLabels.Session}={fx.Daemon.SessionId}")}&buildArg=WORD=api";

    private string Dockerfile => $"FROM {fx.Daemon.Image}\nARG WORD\nCOPY word.txt /word.txt\nRUN echo \"$WORD\" >> /word.txt\n";

    [Fact]
    public async Task RawTarBody_BuildsAndLogStreams()
    {
        var ct = TestContext.Current.CancellationToken;
        var tag = $"portal-test-img/{TestNames.Token()}:api";
        var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "Dockerfile") { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(Dockerfile)) });
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "word.txt") { DataStream = new MemoryStream("raw\n"u8.ToArray()) });
        }

        var content = new ByteArrayContent(tar.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-tar");
        var start = await fx.AsOperatorA.PostAsync(Query(tag), content, ct);

        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var last = await FollowAsync(await start.Content.ReadFromJsonAsync<ImageJobSnapshot>(s_json, ct), ct);
        Assert.True(last.State == ImageJobState.Succeeded, last.Error);
        Assert.Contains(last.Log!, l => l.Contains(" : RUN echo", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, (await fx.AsOperatorA.GetAsync($"/api/v1/images/{Uri.EscapeDataString(tag)}", ct)).StatusCode);
        // The three labels (the caller's and ownership) cost one step written into the Dockerfile, not one step each.
        Assert.Single(last.Log!, l => l.Contains(" : LABEL ", StringComparison.Ordinal));
        await AssertLabelledAsync(tag, ct);
    }

    [Theory]
    [InlineData("dockerfile", null)]
    [InlineData("Dockerfile", "final")]
    public async Task LabelsTheDockerfileCannotTake_GoByParameter(string fileName, string? target)
    {
        var ct = TestContext.Current.CancellationToken;
        var tag = $"portal-test-img/{TestNames.Token()}:param";
        var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            // Lower case: the engine falls back to it, Portal's stream never sees a "Dockerfile". A target stage: labels belong to it, not the file's end.
            var text = $"FROM {fx.Daemon.Image} AS final\nRUN echo one > /one\nFROM final AS unused\n";
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, fileName) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)) });
        }

        var content = new ByteArrayContent(tar.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-tar");
        // Followed in the answer itself (?follow=true): the last line is the job's end.
        var query = Query(tag) + "&follow=true" + (target is null ? "" : $"&target={target}");
        using var answer = await fx.AsOperatorA.PostAsync(query, content, ct);
        var last = JsonSerializer.Deserialize<ImageJobSnapshot>((await answer.Content.ReadAsStringAsync(ct)).TrimEnd('\n').Split('\n')[^1], s_json)!;

        Assert.True(last.State == ImageJobState.Succeeded, last.Error);
        await AssertLabelledAsync(tag, ct);
    }

    private async Task AssertLabelledAsync(string tag, CancellationToken ct)
    {
        var labels = (await fx.Daemon.Client.Images.InspectImageAsync(tag, ct)).Config?.Labels ?? new Dictionary<string, string>();
        Assert.Equal(fx.TeamA, labels[PortalLabels.Team]);
        Assert.Equal(fx.OperatorA, labels[PortalLabels.Owner]);
        Assert.Equal(fx.Daemon.SessionId, labels[TestLabels.Session]);
    }

    [Fact]
    public async Task MultipartZip_WithFields_Builds_ViewerForbidden()
    {
        var ct = TestContext.Current.CancellationToken;
        var tag = $"portal-test-img/{TestNames.Token()}:zip";
        var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            await using (var w = new StreamWriter(await archive.CreateEntry("df/Build.docker").OpenAsync(ct)))
            {
                await w.WriteAsync(Dockerfile);
            }

            await using (var w = new StreamWriter(await archive.CreateEntry("word.txt").OpenAsync(ct)))
            {
                await w.WriteAsync("zip\n");
            }
        }

        MultipartFormDataContent Form() => new()
        {
            { new StringContent("df/Build.docker"), "dockerfile" },
            { new ByteArrayContent(zip.ToArray()), "context", "context.zip" },
        };

        var viewer = await fx.AsViewerA.PostAsync(Query(tag), Form(), ct);
        var start = await fx.AsOperatorA.PostAsync(Query(tag), Form(), ct);

        Assert.Equal(HttpStatusCode.Forbidden, viewer.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var last = await FollowAsync(await start.Content.ReadFromJsonAsync<ImageJobSnapshot>(s_json, ct), ct);
        Assert.True(last.State == ImageJobState.Succeeded, last.Error);
    }

    [Fact]
    public async Task EscapingEntry_IsBadRequestNamingIt()
    {
        var ct = TestContext.Current.CancellationToken;
        var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "up") { LinkName = "/etc" });
        }

        var response = await fx.AsOperatorA.PostAsync(Query($"portal-test-img/{TestNames.Token()}:bad"), new ByteArrayContent(tar.ToArray()), ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("'up' is a symbolic link to the absolute path '/etc'", await response.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
    }

    private async Task<ImageJobSnapshot> FollowAsync(ImageJobSnapshot? job, CancellationToken ct)
    {
        using var events = await fx.AsOperatorA.GetAsync($"/api/v1/jobs/{job!.Id}/events", HttpCompletionOption.ResponseHeadersRead, ct);
        using var reader = new StreamReader(await events.Content.ReadAsStreamAsync(ct));
        var last = job;
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            last = JsonSerializer.Deserialize<ImageJobSnapshot>(line, s_json)!;
        }

        return last;
    }
}
