using System.Net.WebSockets;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Portal.Engine.Exec;
using Portal.Engine.Pipeline;
using Portal.Web.Hubs;

namespace Portal.Web.Terminal;

/// <summary>
/// <c>/hubs/terminal?ticket=…</c>: terminal I/O as plain WebSocket frames, for the lowest echo
/// latency (one hop each way, no hub invocation, JSON or text decoding per keystroke). The session
/// is started through the Engine pipeline by <c>ExecHub.StartSession</c> as before; the socket only
/// attaches to it with a one-use ticket from <c>ExecHub.AttachTicket</c>, issued to the same user.
/// </summary>
/// <remarks>
/// Client → Portal: binary frames are input bytes (at most <see cref="ExecOptions.MaxInputBytes"/>
/// a message; a larger one ends the session with close status 1009); a text frame
/// <c>{"type":"resize","cols":C,"rows":R}</c> resizes. Portal → client: binary frames are raw output
/// bytes (UTF-8, possibly split mid-character); the last frame is text,
/// <c>{"ended":true,"exitCode":N,"message":"…"}</c>, then the socket closes. Closing the socket
/// ends the session. Cookie-authenticated sockets must come from Portal's own origin.
/// </remarks>
public static class ExecSocketEndpoint
{
    /// <summary>Path under <see cref="PortalHubs.Prefix"/>.</summary>
    public const string Path = "/terminal";

    private const int OutputBufferBytes = 16 * 1024;
    private const int MaxControlBytes = 256;
    private static readonly TimeSpan s_closeWait = TimeSpan.FromSeconds(5);
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    /// <summary>Maps the socket endpoint into the (authorized) hubs group.</summary>
    public static IEndpointConventionBuilder MapExecSocket(this IEndpointRouteBuilder hubs)
    {
        ArgumentNullException.ThrowIfNull(hubs);
        // SignalR's hubs add WebSocket handling on their own branch only; this endpoint needs its own.
        var pipeline = hubs.CreateApplicationBuilder();
        pipeline.UseWebSockets();
        pipeline.Run(HandleAsync);
        return hubs.Map(Path, pipeline.Build());
    }

    private static async Task HandleAsync(HttpContext http)
    {
        if (!http.WebSockets.IsWebSocketRequest)
        {
            await Results.Problem("Open this address as a WebSocket.", statusCode: StatusCodes.Status400BadRequest).ExecuteAsync(http);
            return;
        }

        // A browser sends the cookie with any site's WebSocket; only Portal's own pages may use it.
        if (PortalHubs.BearerToken(http.Request) is null && !SameOrigin(http.Request))
        {
            await Results.Problem("WebSockets signed in by cookie must come from Portal's own pages.", statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(http);
            return;
        }

        // The upgrade is a GET, so the read-only wall for other requests does not stand here: a read-only token types nothing.
        if ((await Portal.Web.Api.HttpActorExtensions.GetActorAsync(http)).ReadOnly)
        {
            await Results.Problem(Portal.Web.Security.ReadOnlyGuard.Message, statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(http);
            return;
        }

        var services = http.RequestServices;
        var registry = services.GetRequiredService<ExecSessionRegistry>();
        var ticket = services.GetRequiredService<ExecAttachTickets>().Redeem(http.Request.Query["ticket"], http.User.FindFirstValue(ClaimTypes.NameIdentifier));
        if (ticket is null)
        {
            await Results.Problem("This terminal ticket is not valid: it was used already, expired, or is not yours.", statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(http);
            return;
        }

        var session = registry.Find(ticket.ConnectionId, ticket.SessionId);
        if (session is null || !session.TryClaimOutput())
        {
            await Results.Problem("The terminal session has ended or is already attached.", statusCode: StatusCodes.Status409Conflict).ExecuteAsync(http);
            return;
        }

        using var socket = await http.WebSockets.AcceptWebSocketAsync();
        var maxInput = services.GetRequiredService<IOptions<ExecOptions>>().Value.MaxInputBytes;
        var bridge = new ExecSocketBridge(socket, session, maxInput, () => EndAsync(registry, ticket));
        await bridge.RunAsync(http.RequestAborted);
    }

    /// <summary>Takes the session out of its hub connection and ends it (once, whoever gets there first).</summary>
    private static async Task EndAsync(ExecSessionRegistry registry, ExecAttachTicket ticket)
    {
        if (registry.Remove(ticket.ConnectionId, ticket.SessionId) is { } session)
        {
            await session.DisposeAsync();
        }
    }

    /// <summary>True when the Origin header names the host the request was sent to (any scheme: a TLS proxy may sit in front).</summary>
    internal static bool SameOrigin(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();
        return Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && string.Equals(uri.IsDefaultPort ? uri.Host : uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Pumps one attached socket: output to the client, input and resizes to the session.</summary>
    private sealed class ExecSocketBridge(WebSocket socket, ExecSession session, int maxInput, Func<Task> endSession)
    {
        private WebSocketCloseStatus _closeStatus = WebSocketCloseStatus.NormalClosure;
        private string? _closeReason;

        public async Task RunAsync(CancellationToken aborted)
        {
            var input = Task.Run(() => ReceiveAsync(aborted), CancellationToken.None);
            try
            {
                await SendOutputAsync(aborted);
            }
            finally
            {
                await endSession();
                await input.WaitAsync(s_closeWait, CancellationToken.None).ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }

        private async Task SendOutputAsync(CancellationToken aborted)
        {
            var buffer = new byte[OutputBufferBytes];
            try
            {
                int count;
                while ((count = await session.ReadOutputBytesAsync(buffer, aborted)) > 0)
                {
                    await socket.SendAsync(buffer.AsMemory(0, count), WebSocketMessageType.Binary, endOfMessage: true, aborted);
                }

                var end = await session.Completion;
                var message = _closeReason ?? end.Message;
                var frame = JsonSerializer.SerializeToUtf8Bytes(new ExecSocketEnd(true, end.ExitCode, message), s_json);
                await socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, aborted);
                await socket.CloseOutputAsync(_closeStatus, _closeStatus == WebSocketCloseStatus.NormalClosure ? "ended" : "input too large", aborted);
            }
            catch (Exception ex) when (ex is WebSocketException or IOException or OperationCanceledException)
            {
                // The client went away; ending the session below is all that is left to do.
            }
        }

        private async Task ReceiveAsync(CancellationToken aborted)
        {
            var buffer = new byte[maxInput];
            try
            {
                while (true)
                {
                    var filled = 0;
                    ValueWebSocketReceiveResult result;
                    do
                    {
                        if (filled == buffer.Length)
                        {
                            _closeStatus = WebSocketCloseStatus.MessageTooBig;
                            _closeReason = $"Input messages may carry at most {maxInput} bytes; the session was closed.";
                            return;
                        }

                        result = await socket.ReceiveAsync(buffer.AsMemory(filled), aborted);
                        filled += result.Count;
                    }
                    while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

                    switch (result.MessageType)
                    {
                        case WebSocketMessageType.Close:
                            return;
                        case WebSocketMessageType.Binary when filled > 0:
                            await session.WriteInputAsync(buffer.AsMemory(0, filled), maxInput, aborted);
                            break;
                        case WebSocketMessageType.Text when filled <= MaxControlBytes:
                            await ControlAsync(buffer.AsMemory(0, filled), aborted);
                            break;
                    }
                }
            }
            catch (Exception ex) when (ex is WebSocketException or IOException or OperationCanceledException or OperationFailedException or JsonException)
            {
                // A broken socket, an ended session or a malformed control frame: the session ends below.
            }
            finally
            {
                await endSession();
            }
        }

        private async Task ControlAsync(ReadOnlyMemory<byte> json, CancellationToken aborted)
        {
            var control = JsonSerializer.Deserialize<ExecSocketControl>(json.Span, s_json);
            if (control is { Type: "resize", Cols: > 0, Rows: > 0 })
            {
                await session.ResizeAsync(new TerminalSize(control.Cols, control.Rows), aborted);
            }
        }
    }

    private sealed record ExecSocketControl(string? Type, int Cols, int Rows);

    private sealed record ExecSocketEnd(bool Ended, long? ExitCode, string Message);
}
