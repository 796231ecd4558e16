using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Portal.Bench.Engine;

/// <summary>
/// The Docker Engine API over its unix socket with a plain <see cref="HttpClient"/> (no Docker
/// client library in the timed path): version negotiation, create, list, remove.
/// </summary>
internal sealed partial class EngineApi : IDisposable
{
    /// <summary>Newest API version spoken here; the daemon's maximum is used when lower.</summary>
    private static readonly Version s_clientMaxApiVersion = new(1, 47);

    private readonly HttpClient _http;
    private string _prefix = "";

    public EngineApi(string socketPath)
    {
        SocketPath = socketPath;
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            MaxConnectionsPerServer = 32,
            ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        _http = new HttpClient(handler) { BaseAddress = new Uri("http://localhost/"), Timeout = TimeSpan.FromSeconds(60) };
    }

    public string SocketPath { get; }

    /// <summary>The negotiated API version, e.g. <c>1.41</c>.</summary>
    public string ApiVersion { get; private set; } = "";

    /// <summary>The daemon's version string, e.g. <c>20.10.24+dfsg1</c>.</summary>
    public string ServerVersion { get; private set; } = "";

    /// <summary>Reads <c>/version</c> unversioned (every daemon accepts it) and pins min(daemon, client).</summary>
    public async Task NegotiateAsync(CancellationToken ct)
    {
        using var doc = JsonDocument.Parse(await _http.GetByteArrayAsync(new Uri("version", UriKind.Relative), ct));
        var root = doc.RootElement;
        ServerVersion = root.GetProperty("Version").GetString() ?? "?";
        var daemonMax = Version.Parse(root.GetProperty("ApiVersion").GetString() ?? "1.12");
        var daemonMin = root.TryGetProperty("MinAPIVersion", out var m) && Version.TryParse(m.GetString(), out var min) ? min : new Version(1, 12);
        var chosen = daemonMax < s_clientMaxApiVersion ? daemonMax : s_clientMaxApiVersion;
        if (chosen < daemonMin)
        {
            throw new InvalidOperationException($"The engine needs API {daemonMin} or newer; this bench speaks up to {s_clientMaxApiVersion}.");
        }

        ApiVersion = chosen.ToString();
        _prefix = $"v{ApiVersion}/";
    }

    /// <summary>Relative URL of <c>GET /containers/json?all=1</c>, optionally filtered by name.</summary>
    public string ListUrl(string? nameFilter) => nameFilter is null
        ? $"{_prefix}containers/json?all=1"
        : $"{_prefix}containers/json?all=1&filters={Uri.EscapeDataString(JsonSerializer.Serialize(new Dictionary<string, string[]> { ["name"] = [nameFilter] }))}";

    /// <summary>One timed request: the whole body, as the raw API client would read it.</summary>
    public async Task<byte[]> GetBytesAsync(string relativeUrl, CancellationToken ct)
    {
        using var response = await _http.GetAsync(new Uri(relativeUrl, UriKind.Relative), HttpCompletionOption.ResponseContentRead, ct);
        await EnsureOkAsync(response, "GET " + relativeUrl, ct);
        return await response.Content.ReadAsByteArrayAsync(ct);
    }

    /// <summary>Creates (does not start) a container; returns its id.</summary>
    public async Task<string> CreateAsync(string name, string image, IReadOnlyDictionary<string, string> labels, CancellationToken ct)
    {
        var body = JsonSerializer.Serialize(new
        {
            Image = image,
            Cmd = new[] { "sleep", "3600" },
            Labels = labels,
            HostConfig = new { NetworkMode = "none" },
        });
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        var url = $"{_prefix}containers/create?name={Uri.EscapeDataString(name)}";
        using var response = await _http.PostAsync(new Uri(url, UriKind.Relative), content, ct);
        await EnsureOkAsync(response, "create " + name, ct);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(ct));
        return doc.RootElement.GetProperty("Id").GetString() ?? throw new InvalidOperationException("create returned no Id");
    }

    /// <summary>Ids of every container (any state) carrying <paramref name="label"/> (<c>key=value</c>).</summary>
    public async Task<IReadOnlyList<string>> ListIdsByLabelAsync(string label, CancellationToken ct)
    {
        var filters = JsonSerializer.Serialize(new Dictionary<string, string[]> { ["label"] = [label] });
        var bytes = await GetBytesAsync($"{_prefix}containers/json?all=1&filters={Uri.EscapeDataString(filters)}", ct);
        using var doc = JsonDocument.Parse(bytes);
        return doc.RootElement.EnumerateArray().Select(e => e.GetProperty("Id").GetString() ?? "").Where(id => id.Length > 0).ToList();
    }

    /// <summary>Removes a container and its anonymous volumes; a missing one counts as removed.</summary>
    public async Task RemoveAsync(string id, CancellationToken ct)
    {
        using var response = await _http.DeleteAsync(new Uri($"{_prefix}containers/{Uri.EscapeDataString(id)}?force=1&v=1", UriKind.Relative), ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return;
        }

        await EnsureOkAsync(response, "remove " + id[..Math.Min(12, id.Length)], ct);
    }

    public void Dispose() => _http.Dispose();

    private static async Task EnsureOkAsync(HttpResponseMessage response, string what, CancellationToken ct)
    {
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            throw new HttpRequestException($"Engine API {what}: {(int)response.StatusCode} {text.Trim()}", null, response.StatusCode);
        }
    }
}
