using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Portal.IntegrationTests.Security;
using Xunit;

namespace Portal.IntegrationTests.Api;

/// <summary>
/// Bad input over a real Kestrel socket (so percent-encoded paths and body limits behave as in
/// production): malformed bodies name the field, line and position; names that are paths are
/// unknown names on every route; bodies over an endpoint's limit are refused while being read.
/// </summary>
public sealed class BadInputApiTests(HardeningTests.Host host) : IClassFixture<HardeningTests.Host>
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    /// <summary>Names that are paths (raw, as they go on the wire) and the routes that take a name.</summary>
    public static TheoryData<string, string> TraversalRoutes()
    {
        var routes = new[]
        {
            "GET containers/{0}", "GET containers/{0}/logs", "GET containers/{0}/logs/download", "GET containers/{0}/stats",
            "GET containers/{0}/stats/history", "POST containers/{0}/start", "POST containers/{0}/stop", "POST containers/{0}/restart",
            "POST containers/{0}/kill", "DELETE containers/{0}", "PUT containers/{0}/team", "POST containers/{0}/exec",
            "GET volumes/{0}", "GET volumes/{0}/browse", "GET volumes/{0}/download", "DELETE volumes/{0}",
            "GET networks/{0}", "POST networks/{0}/connect", "POST networks/{0}/disconnect", "DELETE networks/{0}",
            "GET stacks/{0}", "GET stacks/{0}/config", "GET stacks/{0}/plan", "GET stacks/{0}/revisions", "POST stacks/{0}/up",
            "POST stacks/{0}/down", "POST stacks/{0}/rm", "GET images/{0}", "DELETE images/{0}", "POST images/{0}/tag",
            "GET jobs/{0}", "DELETE jobs/{0}", "GET stacks/jobs/{0}", "DELETE registries/{0}", "GET teams/{0}/quota",
        };
        var data = new TheoryData<string, string>();
        foreach (var route in routes)
        {
            foreach (var name in new[] { "..%2F..%2Fetc", "..%2Fx", "a%2F..%2F..%2Fb", "%2E%2E%2Fx" })
            {
                data.Add(route, name);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(TraversalRoutes))]
    public async Task PathNames_OnEveryNamedRoute_AreUnknownNames_InProblemJson(string route, string name)
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await AdminAsync(ct);
        var (method, path) = (route.Split(' ')[0], string.Format(System.Globalization.CultureInfo.InvariantCulture, route.Split(' ')[1], name));
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri("/api/v1/" + path, UriKind.Relative));
        if (method is "POST" or "PUT")
        {
            request.Content = JsonContent.Create(new { container = "x", team = "x", command = new[] { "true" }, tag = "x:1" });
        }

        var response = await client.SendAsync(request, ct);
        var body = await response.Content.ReadAsStringAsync(ct);

        Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{route} with {name}: {(int)response.StatusCode} {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("<html", body, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("containers", "container")]
    [InlineData("volumes", "volume")]
    [InlineData("containers/{0}/logs", "container")]
    public async Task PathName_IsAnsweredExactlyLikeAnUnknownName(string route, string kind)
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await AdminAsync(ct);
        const string Traversal = "..%2F..%2Fetc";
        const string Unknown = "no-such-object-9f3c1";

        var traversal = await ProblemAsync(client, Path(route, Traversal), ct);
        var unknown = await ProblemAsync(client, Path(route, Unknown), ct);

        Assert.Equal((404, $"No {kind} named '{Traversal}' was found."), (traversal.Status, traversal.Detail));
        Assert.Equal((unknown.Status, unknown.Title, unknown.Detail.Replace(Unknown, "NAME", StringComparison.Ordinal)),
            (traversal.Status, traversal.Title, traversal.Detail.Replace(Traversal, "NAME", StringComparison.Ordinal)));

        static string Path(string route, string name) => route.Contains("{0}", StringComparison.Ordinal)
            ? "/api/v1/" + route.Replace("{0}", name, StringComparison.Ordinal)
            : $"/api/v1/{route}/{name}";
    }

    [Fact]
    public async Task MalformedJson_NamesFieldLineAndPosition()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await AdminAsync(ct);

        var problem = await PostRawAsync(client, "/api/v1/containers", "{\"image\":…,", ct);

        Assert.Equal(400, problem.Status);
        Assert.Equal("The request body is not valid JSON: field '$.image' at line 1, position 10: '0xE2' is an invalid start of a value.", problem.Detail);
    }

    [Fact]
    public async Task WrongType_NamesFieldLineAndPosition()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await AdminAsync(ct);

        var ports = await PostRawAsync(client, "/api/v1/containers", "{\"image\":\"busybox\",\n  \"ports\":[{\"hostPort\":1}]}", ct);
        var count = await PostRawAsync(client, "/api/v1/stacks/x/scale", "{\"service\":\"app\",\"replicas\":\"two\"}", ct);

        Assert.Equal(400, ports.Status);
        Assert.Equal("The request body is not valid JSON: field '$.ports[0]' at line 2, position 13: The JSON value could not be converted to System.String.", ports.Detail);
        Assert.Equal(400, count.Status);
        Assert.StartsWith("The request body is not valid JSON: field '$.replicas' at line 1, position ", count.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingBody_IsAProblem_NotABareStatus()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await AdminAsync(ct);

        var response = await client.PostAsync("/api/v1/networks", new StringContent("", Encoding.UTF8, "application/json"), ct);
        var problem = await response.Content.ReadFromJsonAsync<Problem>(s_json, ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(string.IsNullOrWhiteSpace(problem!.Detail));
    }

    [Fact]
    public async Task AnnouncedBodyOverTheLimit_IsRefusedBeforeItIsSent()
    {
        var ct = TestContext.Current.CancellationToken;
        var token = await TokenAsync(ct);

        // 19 MB announced, 64 KiB sent: the answer comes without waiting for the rest.
        var (status, body, sent) = await RawPostAsync(token, "/api/v1/stacks/validate", chunked: false, total: 19_000_000, ct);

        Assert.Equal(413, status);
        Assert.Contains("\"detail\":\"The request body is larger than this endpoint's limit of 8.06 MiB.\"", body, StringComparison.Ordinal);
        Assert.True(sent <= 1 << 20, $"sent {sent} bytes");
    }

    [Fact]
    public async Task ChunkedBodyOverTheLimit_IsCutOffWhileReading()
    {
        var ct = TestContext.Current.CancellationToken;
        var token = await TokenAsync(ct);

        // 64 MB offered; the client stops sending once the answer comes. What it managed to send
        // includes the loopback socket buffers (several MB), so the bound is loose but far below the whole.
        const long Offered = 64L << 20;
        var (stack, stackBody, stackSent) = await RawPostAsync(token, "/api/v1/stacks/validate", chunked: true, total: Offered, ct);
        var (json, jsonBody, jsonSent) = await RawPostAsync(token, "/api/v1/containers", chunked: true, total: Offered, ct);

        Assert.Equal(413, stack);
        Assert.Contains("8.06 MiB", stackBody, StringComparison.Ordinal);
        Assert.True(stackSent < Offered / 2, $"the stack body was read to {stackSent} bytes");
        Assert.Equal(413, json);
        Assert.Contains("256 KiB", jsonBody, StringComparison.Ordinal);
        Assert.True(jsonSent < Offered / 2, $"a small JSON body was read to {jsonSent} bytes");
    }

    [Fact]
    public async Task BodiesWithinTheLimit_StillWork()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await AdminAsync(ct);
        // A 1 MiB compose file is over the default JSON limit but within a stack's.
        var content = "services:\n  app:\n    image: busybox\n" + "# " + new string('x', 1 << 20) + "\n";

        var response = await client.PostAsJsonAsync("/api/v1/stacks/validate", new { name = "limits", files = new[] { new { name = "compose.yaml", content } } }, ct);

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(ct));
    }

    private async Task<HttpClient> AdminAsync(CancellationToken ct)
    {
        var client = host.Portal.NewClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(ct));
        return client;
    }

    private async Task<string> TokenAsync(CancellationToken ct)
    {
        await s_tokenGate.WaitAsync(ct);
        try
        {
            if (s_token.TryGetValue(host.Portal, out var cached))
            {
                return cached;
            }

            var response = await host.Portal.NewClient().PostAsJsonAsync("/api/v1/auth/token", new { username = "admin", password = KestrelPortal.AdminPassword, name = "bad-input" }, ct);
            response.EnsureSuccessStatusCode();
            var token = (await response.Content.ReadFromJsonAsync<JsonElement>(s_json, ct)).GetProperty("token").GetString()!;
            s_token.Add(host.Portal, token);
            return token;
        }
        finally
        {
            s_tokenGate.Release();
        }
    }

    // Sign-ins are rate limited on this host: one token for the whole class.
    private static readonly SemaphoreSlim s_tokenGate = new(1, 1);
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<KestrelPortal, string> s_token = [];

    private static async Task<Problem> ProblemAsync(HttpClient client, string path, CancellationToken ct)
    {
        var response = await client.GetAsync(new Uri(path, UriKind.Relative), ct);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<Problem>(s_json, ct))!;
    }

    private static async Task<Problem> PostRawAsync(HttpClient client, string path, string json, CancellationToken ct)
    {
        var response = await client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"), ct);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<Problem>(s_json, ct))!;
    }

    /// <summary>
    /// Posts a JSON string of <paramref name="total"/> bytes over a raw socket while reading the
    /// answer, and stops sending once it arrives: returns the status, the body and what was sent.
    /// </summary>
    private async Task<(int Status, string Body, long Sent)> RawPostAsync(string token, string path, bool chunked, long total, CancellationToken ct)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(host.Portal.BaseAddress.Host, host.Portal.BaseAddress.Port, ct);
        var stream = tcp.GetStream();
        var head = $"POST {path} HTTP/1.1\r\nHost: {host.Portal.BaseAddress.Authority}\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\n"
            + (chunked ? "Transfer-Encoding: chunked\r\n" : $"Content-Length: {total}\r\n") + "Connection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), ct);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        long sent = 0;
        var sending = Task.Run(async () =>
        {
            var prefix = Encoding.ASCII.GetBytes("{\"name\":\"x\",\"image\":\"");
            var chunk = new byte[64 * 1024];
            Array.Fill(chunk, (byte)'a');
            prefix.CopyTo(chunk, 0);
            try
            {
                while (sent < total && !stop.IsCancellationRequested)
                {
                    var size = (int)Math.Min(chunk.Length, total - sent);
                    if (chunked)
                    {
                        await stream.WriteAsync(Encoding.ASCII.GetBytes($"{size:x}\r\n"), stop.Token);
                    }

                    await stream.WriteAsync(chunk.AsMemory(0, size), stop.Token);
                    if (chunked)
                    {
                        await stream.WriteAsync("\r\n"u8.ToArray(), stop.Token);
                    }

                    sent += size;
                    // The opening of the JSON string only once: every later chunk continues the string.
                    Array.Fill(chunk, (byte)'a');
                    // Only the announced-length case must be refused before any large send: stop after 64 KiB.
                    if (!chunked)
                    {
                        break;
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or SocketException)
            {
                // The server answered and closed: what was sent is what counts.
            }
        }, ct);
        var answer = await ReadAnswerAsync(stream, ct);
        await stop.CancelAsync();
        await sending;
        var status = int.Parse(answer.Split(' ', 3)[1], System.Globalization.CultureInfo.InvariantCulture);
        return (status, answer[(answer.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..], Interlocked.Read(ref sent));
    }

    /// <summary>The answer up to its last chunk; the server resets the connection after it (the rest of the body is unread).</summary>
    private static async Task<string> ReadAnswerAsync(NetworkStream stream, CancellationToken ct)
    {
        var received = new StringBuilder();
        var buffer = new byte[8192];
        try
        {
            while (!received.ToString().Contains("\r\n0\r\n\r\n", StringComparison.Ordinal) && await stream.ReadAsync(buffer, ct) is var read and > 0)
            {
                received.Append(Encoding.UTF8.GetString(buffer, 0, read));
            }
        }
        catch (IOException) when (received.Length > 0)
        {
            // Reset after the answer arrived.
        }

        return received.ToString();
    }

    private sealed record Problem(int Status, string Title, string Detail);
}
