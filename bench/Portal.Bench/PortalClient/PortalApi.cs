using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Portal.Bench.PortalClient;

/// <summary>Portal's REST API as a script would use it: a bearer token, then plain GETs.</summary>
internal sealed class PortalApi : IDisposable
{
    private readonly HttpClient _http;

    public PortalApi(Uri baseAddress)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        };
        _http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>Trades user name and password for a personal access token and uses it from now on.</summary>
    public async Task LoginAsync(string userName, string password, CancellationToken ct)
    {
        using var response = await _http.PostAsJsonAsync(new Uri("api/v1/auth/token", UriKind.Relative),
            new { username = userName, password, name = "portal-bench", expiresInDays = 1 }, ct);
        await EnsureOkAsync(response, "POST /api/v1/auth/token", ct);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(ct));
        var token = doc.RootElement.GetProperty("token").GetString() ?? throw new InvalidOperationException("no token in the answer");
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Token = token;
    }

    /// <summary>The personal access token after <see cref="LoginAsync"/> (hub clients pass it as access_token).</summary>
    public string Token { get; private set; } = "";

    public Uri BaseAddress => _http.BaseAddress!;

    /// <summary>Creates the team (admin only); an existing team is fine. Returns false when Portal refused.</summary>
    public async Task<bool> EnsureTeamAsync(string name, CancellationToken ct)
    {
        using var response = await _http.PostAsJsonAsync(new Uri("api/v1/teams", UriKind.Relative),
            new { name, description = "portal-bench containers" }, ct);
        return response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.Conflict;
    }

    /// <summary>Relative URL of the containers list: every state, one page of <paramref name="take"/>, optional text filter.</summary>
    public static string ListUrl(string? text, int take) => text is null
        ? $"api/v1/containers?all=true&take={take.ToString(CultureInfo.InvariantCulture)}"
        : $"api/v1/containers?all=true&take={take.ToString(CultureInfo.InvariantCulture)}&q={Uri.EscapeDataString(text)}";

    /// <summary>One timed request: the whole body.</summary>
    public async Task<byte[]> GetBytesAsync(string relativeUrl, CancellationToken ct)
    {
        using var response = await _http.GetAsync(new Uri(relativeUrl, UriKind.Relative), HttpCompletionOption.ResponseContentRead, ct);
        await EnsureOkAsync(response, "GET /" + relativeUrl, ct);
        return await response.Content.ReadAsByteArrayAsync(ct);
    }

    /// <summary>The catalog's <c>X-Total-Count</c> for a text filter (every state).</summary>
    public async Task<int> CountAsync(string text, CancellationToken ct)
    {
        using var response = await _http.GetAsync(new Uri(ListUrl(text, 1), UriKind.Relative), ct);
        await EnsureOkAsync(response, "GET /api/v1/containers", ct);
        return response.Headers.TryGetValues("X-Total-Count", out var values)
            && int.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var total)
            ? total
            : throw new InvalidOperationException("GET /api/v1/containers answered without X-Total-Count");
    }

    public void Dispose() => _http.Dispose();

    private static async Task EnsureOkAsync(HttpResponseMessage response, string what, CancellationToken ct)
    {
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            throw new HttpRequestException($"Portal {what}: {(int)response.StatusCode} {text.Trim()}", null, response.StatusCode);
        }
    }
}
