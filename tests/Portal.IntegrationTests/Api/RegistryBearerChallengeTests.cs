using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Portal.Engine.Registries;
using Portal.TestSupport;
using Xunit;

namespace Portal.IntegrationTests.Api;

/// <summary>
/// Test connection against a registry that answers with a <c>Bearer</c> challenge (the token flow
/// of Docker Hub, GitLab, Harbor). Debian's docker-registry needs a signing token server for that,
/// so a small loopback stand-in plays the registry and its token service, checking what Portal sends.
/// </summary>
public sealed class RegistryBearerChallengeTests(ApiFixture fx) : IClassFixture<ApiFixture>
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    [Theory]
    [InlineData("right-password", true, "ok")]
    [InlineData("wrong-password", false, "unauthorized")]
    public async Task TestConnection_BearerChallenge_TokenFetchedWithLoginThenUsed(string password, bool ok, string status)
    {
        var ct = TestContext.Current.CancellationToken;
        using var registry = new BearerRegistryStandIn("robot", "right-password");
        var created = await fx.Admin.PostAsJsonAsync("/api/v1/registries",
            new { name = "bearer-" + TestNames.Token(), url = $"http://{registry.Address}", userName = "robot", secret = password }, ct);
        var info = (await created.Content.ReadFromJsonAsync<RegistryInfo>(s_json, ct))!;

        var result = (await (await fx.Admin.PostAsync($"/api/v1/registries/{info.Id}/test", null, ct)).Content.ReadFromJsonAsync<RegistryTestResult>(s_json, ct))!;

        Assert.Equal((ok, status), (result.Ok, result.Status));
        Assert.Equal(1, registry.TokenRequests);
        Assert.Equal(ok ? 1 : 0, registry.BearerAccepted);
        Assert.Contains(ok ? "accepts the login (bearer token)" : "refused the login by its token service", result.Message, StringComparison.Ordinal);
    }

    /// <summary>Answers <c>/v2/</c> with a Bearer challenge unless given the token that <c>/token</c> hands out for the right Basic login.</summary>
    private sealed class BearerRegistryStandIn : IDisposable
    {
        private const string IssuedToken = "issued-token-123";
        private readonly HttpListener _listener = new();
        private readonly Task _loop;
        private readonly string _basic;
        private int _tokenRequests;
        private int _bearerAccepted;

        public BearerRegistryStandIn(string user, string password)
        {
            _basic = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));
            var port = FreePorts.Next();
            Address = $"127.0.0.1:{port}";
            _listener.Prefixes.Add($"http://{Address}/");
            _listener.Start();
            _loop = Task.Run(LoopAsync);
        }

        public string Address { get; }

        public int TokenRequests => Volatile.Read(ref _tokenRequests);

        public int BearerAccepted => Volatile.Read(ref _bearerAccepted);

        public void Dispose()
        {
            _listener.Stop();
            _listener.Close();
            _ = _loop.ContinueWith(t => t.Exception, TaskScheduler.Default);
        }

        private async Task LoopAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                Handle(context);
            }
        }

        private void Handle(HttpListenerContext context)
        {
            var auth = context.Request.Headers["Authorization"] ?? "";
            var path = context.Request.Url!.AbsolutePath;
            if (path == "/token")
            {
                Interlocked.Increment(ref _tokenRequests);
                var query = context.Request.QueryString;
                var good = auth == _basic && query["service"] == "stand-in";
                Reply(context, good ? 200 : 401, good ? $"{{\"token\":\"{IssuedToken}\"}}" : "{}");
                return;
            }

            if (path == "/v2/" && auth == "Bearer " + IssuedToken)
            {
                Interlocked.Increment(ref _bearerAccepted);
                Reply(context, 200, "{}");
                return;
            }

            context.Response.AddHeader("WWW-Authenticate", $"Bearer realm=\"http://{Address}/token\",service=\"stand-in\"");
            Reply(context, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\"}]}");
        }

        private static void Reply(HttpListenerContext context, int status, string body)
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            context.Response.ContentLength64 = bytes.Length;
            context.Response.OutputStream.Write(bytes);
            context.Response.Close();
        }
    }
}
