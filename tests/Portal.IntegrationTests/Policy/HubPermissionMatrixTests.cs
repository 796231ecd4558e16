using System.Reflection;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Portal.IntegrationTests.Api;
using Portal.Web.Hubs;
using Xunit;

namespace Portal.IntegrationTests.Policy;

/// <summary>
/// Every method of every hub the app maps (found by reflection over the hub types of its route
/// table, so a new hub method without an expectation fails) × the seven callers, each call over a
/// real SignalR WebSocket connection. Another team's object must fail exactly like a missing one.
/// </summary>
public sealed class HubPermissionMatrixTests(ApiFixture fx) : IClassFixture<ApiFixture>
{
    /// <summary>How long an allowed stream is read: its errors come before its first item.</summary>
    private static readonly TimeSpan s_streamWindow = TimeSpan.FromSeconds(2);

    /// <summary>Expectations by "hub path + method name".</summary>
    private static readonly Dictionary<string, MatrixKind> s_expectations = new(StringComparer.Ordinal)
    {
        ["/hubs/logs Follow"] = MatrixKind.TeamRead,
        ["/hubs/logs FollowMerged"] = MatrixKind.TeamRead,
        // The same methods naming their environment (here the local one; EnvironmentRoutesTests names another).
        ["/hubs/logs FollowIn"] = MatrixKind.TeamRead,
        ["/hubs/logs FollowMergedIn"] = MatrixKind.TeamRead,
        ["/hubs/stats ContainerIn"] = MatrixKind.TeamRead,
        ["/hubs/stats AllIn"] = MatrixKind.SignedIn,
        ["/hubs/exec StartSession"] = MatrixKind.TeamWrite,
        // A terminal session is its connection's: any other connection (even the same user's) does not find it.
        ["/hubs/exec Output"] = MatrixKind.OwnerWrite,
        ["/hubs/exec Input"] = MatrixKind.OwnerWrite,
        ["/hubs/exec Resize"] = MatrixKind.OwnerWrite,
        ["/hubs/exec Close"] = MatrixKind.OwnerWrite,
        ["/hubs/exec AttachTicket"] = MatrixKind.OwnerWrite,
        ["/hubs/jobs List"] = MatrixKind.SignedIn,
        ["/hubs/jobs Get"] = MatrixKind.TeamRead,
        ["/hubs/jobs Watch"] = MatrixKind.TeamRead,
        // One job system: a stack job is its team's too, as on REST.
        ["/hubs/jobs WatchStack"] = MatrixKind.TeamRead,
        ["/hubs/jobs Cancel"] = MatrixKind.TeamWrite,
        ["/hubs/stats Container"] = MatrixKind.TeamRead,
        ["/hubs/stats All"] = MatrixKind.SignedIn,
    };

    [Fact]
    public async Task EveryHubMethod_EveryCaller_AllowedOrDeniedAsExpected()
    {
        var ct = TestContext.Current.CancellationToken;
        var methods = HubMethods();
        var missing = methods.Select(m => m.Key).Where(k => !s_expectations.ContainsKey(k)).ToList();
        Assert.True(missing.Count == 0, "Hub methods without an expectation in the permission matrix: " + string.Join(", ", missing));
        Assert.DoesNotContain(s_expectations.Keys, k => methods.All(m => m.Key != k));

        var objects = await MatrixWorld.TeamAObjectsAsync(fx, ct);
        var clients = await MatrixWorld.ClientsAsync(fx, ct);
        // Team A's operator holds a live terminal on a connection of its own; nobody else may reach it.
        await using var holder = await TestHubClient.ConnectAsync(fx.Factory.Server, "/hubs/exec", TestHubClient.TokenOf(fx.AsOperatorA), ct);
        var heldSession = await holder.InvokeAsync<string>("StartSession", new ExecStartRequest { Container = objects.Container }, ct);
        var failures = new List<string>();
        foreach (var (key, (path, method)) in methods)
        {
            var readOnlyAllowed = method.IsDefined(typeof(AllowReadOnlyAttribute), inherit: true);
            foreach (var caller in Enum.GetValues<MatrixCaller>())
            {
                var expected = MatrixRules.Expected(s_expectations[key], caller, readOnlyAllowed);
                var token = TestHubClient.TokenOf(clients[caller]);
                var (actual, message) = await CallAsync(path, method, caller, token, objects, heldSession, missingObject: false, ct);
                if (expected == MatrixOutcome.Hidden && actual == MatrixOutcome.Allow && key == "/hubs/exec Close")
                {
                    // Close is idempotent (a client closes a session that may have ended): for anyone else's session it must do nothing.
                    await holder.InvokeAsync("Resize", heldSession, 81, 25, ct);
                    continue;
                }

                if (actual != expected)
                {
                    failures.Add($"{key} as {caller}: expected {expected}, got {actual} {message}");
                    continue;
                }

                if (expected == MatrixOutcome.Hidden)
                {
                    var (ghost, ghostMessage) = await CallAsync(path, method, caller, token, objects, heldSession, missingObject: true, ct);
                    var real = Blank(message, objects, heldSession);
                    var none = Blank(ghostMessage, objects, heldSession);
                    if (ghost != actual || real != none)
                    {
                        failures.Add($"{key} as {caller}: another team's object ({real}) differs from a missing one ({ghost} {none})");
                    }
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {methods.Count * 7} cells wrong:\n" + string.Join("\n", failures));
        Assert.True(methods.Count >= 12, $"only {methods.Count} hub methods found");
    }

    /// <summary>"path Method" → (path, method) for each hub method SignalR would dispatch, of each hub PortalHubs maps.</summary>
    private List<KeyValuePair<string, (string Path, MethodInfo Method)>> HubMethods()
    {
        var source = fx.Factory.Services.GetRequiredService<EndpointDataSource>();
        var hubs = source.Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<HubMetadata>() is not null && !e.RoutePattern.RawText!.EndsWith("/negotiate", StringComparison.Ordinal))
            // Portal's own hubs (PortalHubs.MapPortalHubs); Blazor's circuit hub at /_blazor is the framework's.
            .Where(e => e.RoutePattern.RawText!.StartsWith(PortalHubs.Prefix + "/", StringComparison.Ordinal))
            .Select(e => (Path: e.RoutePattern.RawText!, Type: e.Metadata.GetMetadata<HubMetadata>()!.HubType))
            .ToList();
        Assert.True(hubs.Count >= 4, $"only {hubs.Count} hubs are mapped");
        return [.. hubs.SelectMany(h => h.Type.GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => !m.IsSpecialName && m.GetBaseDefinition().DeclaringType is { } d && d != typeof(object) && d != typeof(Hub))
            .Select(m => new KeyValuePair<string, (string, MethodInfo)>($"{h.Path} {m.Name}", (h.Path, m))))];
    }

    private async Task<(MatrixOutcome Outcome, string Message)> CallAsync(string path, MethodInfo method, MatrixCaller caller, string? token,
        MatrixObjects o, string heldSession, bool missingObject, CancellationToken ct)
    {
        HubConnection connection;
        try
        {
            connection = await TestHubClient.ConnectAsync(fx.Factory.Server, path, token, ct);
        }
        catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or System.Net.WebSockets.WebSocketException)
        {
            var status = await TestHubClient.NegotiateStatusAsync(fx.Factory.Server, path, token, ct);
            return (status == System.Net.HttpStatusCode.Unauthorized ? MatrixOutcome.Unauthenticated : MatrixOutcome.Forbidden, $"connect: {(int)status} {ex.Message}");
        }

        await using (connection)
        {
            try
            {
                // Callers who may exec act on a session of their own connection; the others aim at the operator's.
                var session = path == "/hubs/exec" && method.Name != "StartSession" && caller is MatrixCaller.Admin or MatrixCaller.OperatorA
                    ? await connection.InvokeAsync<string>("StartSession", new ExecStartRequest { Container = o.Container }, ct)
                    : heldSession;
                var args = Arguments(method, o, missingObject ? "no-such-" + o.Token : null, session);
                if (method.ReturnType.IsGenericType && method.ReturnType.GetGenericTypeDefinition() == typeof(IAsyncEnumerable<>))
                {
                    await FirstItemAsync(connection, method.Name, args, ct);
                }
                else
                {
                    await connection.InvokeCoreAsync(method.Name, typeof(object), args, ct);
                }

                return (MatrixOutcome.Allow, "");
            }
            catch (HubException ex)
            {
                return (ex.Message.Contains("was found.", StringComparison.Ordinal) || ex.Message.Contains("No such terminal session", StringComparison.Ordinal)
                    ? MatrixOutcome.Hidden : MatrixOutcome.Forbidden, ex.Message);
            }
        }
    }

    /// <summary>Reads a stream until its first item, its end, its error, or the window closes (a quiet but healthy stream).</summary>
    private static async Task FirstItemAsync(HubConnection connection, string name, object?[] args, CancellationToken ct)
    {
        using var window = CancellationTokenSource.CreateLinkedTokenSource(ct);
        window.CancelAfter(s_streamWindow);
        try
        {
            await foreach (var unused in connection.StreamAsyncCore<object>(name, args, window.Token))
            {
                return;
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // Nothing to send within the window, and no error: the call was allowed.
        }
    }

    /// <summary>Arguments by parameter name, aimed at team A's objects or at a missing name; an unknown parameter fails the test.</summary>
    private static object?[] Arguments(MethodInfo method, MatrixObjects o, string? missing, string session) =>
        [.. method.GetParameters().Where(p => p.ParameterType != typeof(CancellationToken)).Select<ParameterInfo, object?>(p => p.Name switch
        {
            "container" or "idOrName" => missing ?? o.Container,
            "containers" => new[] { missing ?? o.Container },
            "request" => new ExecStartRequest { Container = missing ?? o.Container },
            "id" => missing ?? (method.Name.Contains("Stack", StringComparison.Ordinal) ? o.StackJob : o.Job),
            "sessionId" => missing ?? session,
            "tail" => 10,
            "environment" => "local",
            "data" => "echo matrix\n",
            "cols" => 100,
            "rows" => 30,
            _ => throw new InvalidOperationException($"{method.DeclaringType!.Name}.{method.Name}: no matrix argument for parameter '{p.Name}'; add one."),
        })];

    private static string Blank(string message, MatrixObjects o, string session)
    {
        foreach (var name in o.Secrets.Concat([session, "no-such-" + o.Token]).OrderByDescending(n => n.Length))
        {
            message = message.Replace(name, "<name>", StringComparison.Ordinal);
        }

        return message;
    }
}
