using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Portal.Engine.Registries;

/// <summary>
/// "Test connection": <c>GET /v2/</c> with the stored login, following the registry's challenge —
/// Basic credentials directly, or for a <c>Bearer</c> challenge a token from its realm (asked with
/// the same Basic credentials), then <c>/v2/</c> again with that token.
/// </summary>
internal static class RegistryLoginProbe
{
    public static async Task<RegistryTestResult> TestAsync(HttpClient http, string baseUrl, string host, string? user, string? secret, CancellationToken cancellationToken)
    {
        var v2 = new Uri(baseUrl.TrimEnd('/') + "/v2/");
        var basic = user is null ? null : new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{secret}")));
        try
        {
            using var first = await SendAsync(http, v2, basic, cancellationToken).ConfigureAwait(false);
            if (first.StatusCode != HttpStatusCode.Unauthorized)
            {
                return Describe(first.StatusCode, host, "");
            }

            var challenge = first.Headers.WwwAuthenticate.Select(h => RegistryChallenge.Parse(h.ToString())).FirstOrDefault(c => c?.IsBearer == true);
            if (challenge?.TokenUri() is not { } tokenUri)
            {
                return Describe(first.StatusCode, host, "");
            }

            using var tokenResponse = await SendAsync(http, tokenUri, basic, cancellationToken).ConfigureAwait(false);
            if (tokenResponse.StatusCode != HttpStatusCode.OK)
            {
                return Describe(tokenResponse.StatusCode, host, " by its token service");
            }

            var token = await ReadTokenAsync(tokenResponse, cancellationToken).ConfigureAwait(false);
            if (token is null)
            {
                return new RegistryTestResult(false, "error", $"The token service of {host} answered without a token.");
            }

            using var second = await SendAsync(http, v2, new AuthenticationHeaderValue("Bearer", token), cancellationToken).ConfigureAwait(false);
            return Describe(second.StatusCode, host, " (bearer token)");
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return new RegistryTestResult(false, "unreachable", $"{host} is unreachable: {ex.Message}");
        }
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, Uri uri, AuthenticationHeaderValue? auth, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Authorization = auth;
        return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<string?> ReadTokenAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        // Token answers are small; a bound keeps a hostile realm from feeding us megabytes.
        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            var buffer = new byte[64 * 1024];
            var read = 0;
            int n;
            while (read < buffer.Length && (n = await body.ReadAsync(buffer.AsMemory(read), cancellationToken).ConfigureAwait(false)) > 0)
            {
                read += n;
            }

            try
            {
                using var json = JsonDocument.Parse(buffer.AsMemory(0, read));
                foreach (var name in new[] { "token", "access_token" })
                {
                    if (json.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } token)
                    {
                        return token;
                    }
                }
            }
            catch (JsonException)
            {
                return null;
            }

            return null;
        }
    }

    private static RegistryTestResult Describe(HttpStatusCode status, string host, string via) => status switch
    {
        HttpStatusCode.OK => new RegistryTestResult(true, "ok", $"{host} answered: the registry is reachable and accepts the login{via}."),
        HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => new RegistryTestResult(false, "unauthorized",
            $"{host} is reachable but refused the login{via} (HTTP {(int)status}): check the user name and secret."),
        _ => new RegistryTestResult(false, "error", $"{host} answered HTTP {(int)status}{via}; it may not be a Docker registry."),
    };
}
