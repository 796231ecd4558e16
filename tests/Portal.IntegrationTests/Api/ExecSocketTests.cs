using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Engine.Exec;
using Portal.Web.Hubs;
using Xunit;

namespace Portal.IntegrationTests.Api;

/// <summary>
/// The terminal's plain WebSocket, <c>/hubs/terminal</c>: a session started on <c>/hubs/exec</c>, its
/// I/O attached with a one-use ticket, against the real engine.
/// </summary>
public sealed class ExecSocketTests(ApiFixture fx) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Socket_OwnerAttaches_EchoResizeExitAndEndFrame()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = await RunSleeperAsync(ct);
        await using var hub = await ExecHubClient.ConnectAsync(fx.Factory.Server, fx.AsOperatorA, ct);
        var id = await hub.InvokeAsync<string>("StartSession", new ExecStartRequest { Container = name, Command = ["/bin/sh"], Cols = 90, Rows = 30 }, ct);
        using var socket = await AttachAsync(fx.AsOperatorA, await hub.InvokeAsync<string>("AttachTicket", id, ct), ct);
        var output = new SocketOutput(socket);

        await SendAsync(socket, "echo hel''lo\n", ct);
        await output.WaitForAsync("hello\r\n", ct);
        await SendAsync(socket, "stty size\n", ct);
        await output.WaitForAsync("30 90", ct);
        await socket.SendAsync("""{"type":"resize","cols":132,"rows":43}"""u8.ToArray(), WebSocketMessageType.Text, true, ct);
        await SendAsync(socket, "stty size\n", ct);
        await output.WaitForAsync("43 132", ct);
        await SendAsync(socket, "exit 5\n", ct);
        var end = await output.Ended.WaitAsync(TimeSpan.FromSeconds(15), ct);

        Assert.Equal((5, "Process exited with code 5."), (end.GetProperty("exitCode").GetInt32(), end.GetProperty("message").GetString()));
        Assert.Equal(WebSocketCloseStatus.NormalClosure, await output.Closed.WaitAsync(TimeSpan.FromSeconds(15), ct));
        // The socket's end took the session off its hub connection.
        var gone = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync("Input", id, "echo late\n", ct));
        Assert.Contains("No such terminal session", gone.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Socket_TicketReusedOtherUserViewerOrMissing_Refused()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = await RunSleeperAsync(ct);
        await using var hub = await ExecHubClient.ConnectAsync(fx.Factory.Server, fx.AsOperatorA, ct);
        var id = await hub.InvokeAsync<string>("StartSession", new ExecStartRequest { Container = name, Command = ["/bin/sh"] }, ct);
        // Each ticket is tried before the next is asked for: a new ticket replaces the session's earlier one.
        var stolenByOther = await hub.InvokeAsync<string>("AttachTicket", id, ct);
        var other = await RefusedAsync(fx.AsOperatorB, stolenByOther, ct);
        var stolenByViewer = await hub.InvokeAsync<string>("AttachTicket", id, ct);
        var viewer = await RefusedAsync(fx.AsViewerA, stolenByViewer, ct);
        // A ticket tried by the wrong user is spent: its owner cannot use it afterwards either.
        var spent = await RefusedAsync(fx.AsOperatorA, stolenByViewer, ct);
        var missing = await RefusedAsync(fx.AsOperatorA, "", ct);
        // The same user's read-only token: the upgrade is a GET, yet it must not type into a shell.
        var readOnlyTicket = await hub.InvokeAsync<string>("AttachTicket", id, ct);
        var readOnly = await RefusedAsync(await fx.Factory.ClientForAsync(fx.OperatorA, ApiFixture.Password, ct, readOnly: true), readOnlyTicket, ct);
        var own = await hub.InvokeAsync<string>("AttachTicket", id, ct);
        using var socket = await AttachAsync(fx.AsOperatorA, own, ct);
        var reused = await RefusedAsync(fx.AsOperatorA, own, ct);
        var output = new SocketOutput(socket);
        await SendAsync(socket, "echo still-mine\n", ct);
        await output.WaitForAsync("still-mine\r\n", ct);
        // The hub's own Output would compete with the socket for the same bytes: refused, saying why.
        await using var frames = hub.StreamAsync<ExecFrame>("Output", id, ct).GetAsyncEnumerator(ct);
        var competing = await Assert.ThrowsAsync<HubException>(async () => await frames.MoveNextAsync());
        Assert.Contains("already goes to another reader", competing.Message, StringComparison.Ordinal);

        Assert.All(new[] { other, viewer, spent, missing, readOnly, reused }, m => Assert.Contains("403", m, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Socket_InputOverBound_SessionClosedWithMessageTooBig()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = await RunSleeperAsync(ct);
        var bound = fx.Factory.Services.GetRequiredService<IOptions<ExecOptions>>().Value.MaxInputBytes;
        await using var hub = await ExecHubClient.ConnectAsync(fx.Factory.Server, fx.AsOperatorA, ct);
        var id = await hub.InvokeAsync<string>("StartSession", new ExecStartRequest { Container = name, Command = ["/bin/sh"] }, ct);
        using var socket = await AttachAsync(fx.AsOperatorA, await hub.InvokeAsync<string>("AttachTicket", id, ct), ct);
        var output = new SocketOutput(socket);
        await SendAsync(socket, "echo fits\n", ct);
        await output.WaitForAsync("fits\r\n", ct);

        await socket.SendAsync(new byte[bound + 1], WebSocketMessageType.Binary, true, ct);
        var end = await output.Ended.WaitAsync(TimeSpan.FromSeconds(15), ct);

        Assert.Contains($"at most {bound} bytes", end.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, await output.Closed.WaitAsync(TimeSpan.FromSeconds(15), ct));
    }

    [Fact]
    public async Task Socket_SignedInByCookie_OnlyFromPortalsOwnOrigin()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = await RunSleeperAsync(ct);
        var cookie = await SignInCookieAsync(fx.OperatorA, ct);
        await using var hub = await ExecHubClient.ConnectAsync(fx.Factory.Server, fx.AsOperatorA, ct);
        var id = await hub.InvokeAsync<string>("StartSession", new ExecStartRequest { Container = name, Command = ["/bin/sh"] }, ct);

        var foreign = await Assert.ThrowsAsync<InvalidOperationException>(() => CookieAttachAsync(cookie, "http://evil.example", hub, id, ct));
        var none = await Assert.ThrowsAsync<InvalidOperationException>(() => CookieAttachAsync(cookie, null, hub, id, ct));
        using var socket = await CookieAttachAsync(cookie, "http://" + fx.Factory.Server.BaseAddress.Authority, hub, id, ct);
        var output = new SocketOutput(socket);
        await SendAsync(socket, "echo by-cookie\n", ct);
        await output.WaitForAsync("by-cookie\r\n", ct);

        Assert.Contains("403", foreign.Message, StringComparison.Ordinal);
        Assert.Contains("403", none.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Socket_PlainHttpGet_BadRequest()
    {
        var response = await fx.AsOperatorA.GetAsync("/hubs/terminal?ticket=x", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private Task<WebSocket> AttachAsync(HttpClient user, string ticket, CancellationToken ct)
    {
        var client = fx.Factory.Server.CreateWebSocketClient();
        var token = user.DefaultRequestHeaders.Authorization!.Parameter!;
        client.ConfigureRequest = request => request.Headers.Authorization = "Bearer " + token;
        return client.ConnectAsync(new Uri(fx.Factory.Server.BaseAddress, "hubs/terminal?ticket=" + Uri.EscapeDataString(ticket)), ct);
    }

    private async Task<WebSocket> CookieAttachAsync(string cookie, string? origin, HubConnection hub, string sessionId, CancellationToken ct)
    {
        var ticket = await hub.InvokeAsync<string>("AttachTicket", sessionId, ct);
        var client = fx.Factory.Server.CreateWebSocketClient();
        client.ConfigureRequest = request =>
        {
            request.Headers.Cookie = cookie;
            if (origin is not null)
            {
                request.Headers.Origin = origin;
            }
        };
        return await client.ConnectAsync(new Uri(fx.Factory.Server.BaseAddress, "hubs/terminal?ticket=" + Uri.EscapeDataString(ticket)), ct);
    }

    /// <summary>Signs in through the login form as a browser does and returns the cookies to send.</summary>
    private async Task<string> SignInCookieAsync(string user, CancellationToken ct)
    {
        using var http = fx.Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var page = await http.GetAsync("/login", ct);
        var antiforgery = Cookies(page);
        var token = System.Text.RegularExpressions.Regex.Match(await page.Content.ReadAsStringAsync(ct), "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"");
        using var form = new HttpRequestMessage(HttpMethod.Post, "/account/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["username"] = user,
                ["password"] = ApiFixture.Password,
                ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
            }),
        };
        form.Headers.Add("Cookie", antiforgery);
        var signedIn = await http.SendAsync(form, ct);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return Cookies(signedIn);
    }

    private static string Cookies(HttpResponseMessage response) =>
        string.Join("; ", response.Headers.TryGetValues("Set-Cookie", out var values) ? values.Select(v => v.Split(';')[0]) : []);

    /// <summary>The refusal's text (the test server reports the status of a handshake it did not complete).</summary>
    private async Task<string> RefusedAsync(HttpClient user, string ticket, CancellationToken ct) =>
        (await Assert.ThrowsAsync<InvalidOperationException>(() => AttachAsync(user, ticket, ct))).Message;

    private static Task SendAsync(WebSocket socket, string text, CancellationToken ct) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Binary, true, ct);

    private async Task<string> RunSleeperAsync(CancellationToken ct)
    {
        var name = "execws-" + Guid.NewGuid().ToString("N")[..10];
        var run = await fx.AsOperatorA.PostAsJsonAsync("/api/v1/containers", Policy.PolicyApiClient.Sleeper(fx, name), ct);
        Assert.Equal(HttpStatusCode.Created, run.StatusCode);
        return name;
    }

    /// <summary>Reads a socket in the background: output bytes as text, the end frame, the close status.</summary>
    private sealed class SocketOutput
    {
        private readonly MemoryStream _bytes = new();
        private readonly Lock _gate = new();
        private readonly TaskCompletionSource<JsonElement> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource<WebSocketCloseStatus?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public SocketOutput(WebSocket socket) => _ = Task.Run(async () =>
        {
            var buffer = new byte[64 * 1024];
            try
            {
                while (true)
                {
                    var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        _closed.TrySetResult(result.CloseStatus);
                        return;
                    }

                    if (result.MessageType == WebSocketMessageType.Text)
                    {
                        _ended.TrySetResult(JsonSerializer.Deserialize<JsonElement>(buffer.AsSpan(0, result.Count)));
                        continue;
                    }

                    lock (_gate)
                    {
                        _bytes.Write(buffer, 0, result.Count);
                    }
                }
            }
            catch (Exception ex)
            {
                _ended.TrySetException(ex);
                _closed.TrySetException(ex);
            }
        });

        public Task<JsonElement> Ended => _ended.Task;

        public Task<WebSocketCloseStatus?> Closed => _closed.Task;

        private string Text
        {
            get
            {
                lock (_gate)
                {
                    return Encoding.UTF8.GetString(_bytes.GetBuffer(), 0, (int)_bytes.Length);
                }
            }
        }

        public async Task WaitForAsync(string expected, CancellationToken ct)
        {
            try
            {
                await Portal.TestSupport.Poll.UntilAsync(_ => Task.FromResult(Text.Contains(expected, StringComparison.Ordinal)), $"'{expected}' from the socket", ct);
            }
            catch (TimeoutException ex)
            {
                throw new TimeoutException($"{ex.Message}; the output was: {Text}", ex);
            }
        }
    }
}
