using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Portal.Bench.Engine;

/// <summary>The raw logs baseline: a container that prints, and the Engine API's own follow-stream read by hand.</summary>
internal sealed partial class EngineApi
{
    /// <summary>Creates and starts a non-TTY container running <paramref name="command"/>; returns its id.</summary>
    public async Task<string> RunAsync(string name, string image, IReadOnlyDictionary<string, string> labels, string[] command, CancellationToken ct)
    {
        var body = JsonSerializer.Serialize(new { Image = image, Cmd = command, Labels = labels, HostConfig = new { NetworkMode = "none" } });
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var created = await _http.PostAsync(new Uri($"{_prefix}containers/create?name={Uri.EscapeDataString(name)}", UriKind.Relative), content, ct);
        await EnsureOkAsync(created, "create " + name, ct);
        using var doc = JsonDocument.Parse(await created.Content.ReadAsByteArrayAsync(ct));
        var id = doc.RootElement.GetProperty("Id").GetString() ?? throw new InvalidOperationException("create returned no Id");
        using var started = await _http.PostAsync(new Uri($"{_prefix}containers/{id}/start", UriKind.Relative), null, ct);
        await EnsureOkAsync(started, "start " + name, ct);
        return id;
    }

    /// <summary>Runs <paramref name="command"/> in the container without waiting for it (<c>docker exec -d</c>).</summary>
    public async Task ExecDetachedAsync(string id, string[] command, CancellationToken ct)
    {
        using var body = new StringContent(JsonSerializer.Serialize(new { Cmd = command }), Encoding.UTF8, "application/json");
        using var created = await _http.PostAsync(new Uri($"{_prefix}containers/{id}/exec", UriKind.Relative), body, ct);
        await EnsureOkAsync(created, "exec create", ct);
        using var doc = JsonDocument.Parse(await created.Content.ReadAsByteArrayAsync(ct));
        var execId = doc.RootElement.GetProperty("Id").GetString();
        using var start = new StringContent("{\"Detach\":true}", Encoding.UTF8, "application/json");
        using var started = await _http.PostAsync(new Uri($"{_prefix}exec/{execId}/start", UriKind.Relative), start, ct);
        await EnsureOkAsync(started, "exec start", ct);
    }

    /// <summary>
    /// Follows the container's log (<c>tail=0</c>, timestamps on, as Portal asks) and demultiplexes
    /// the frames until <paramref name="lines"/> lines arrived. Returns the time from the first byte
    /// to the last line.
    /// </summary>
    public async Task<TimeSpan> FollowUntilAsync(string id, int lines, Func<Task> attached, CancellationToken ct)
    {
        var url = $"{_prefix}containers/{id}/logs?follow=1&stdout=1&stderr=1&timestamps=1&tail=0";
        using var response = await _http.GetAsync(new Uri(url, UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, ct);
        await EnsureOkAsync(response, "logs " + id[..12], ct);
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        await attached();
        var header = new byte[8];
        var payload = new byte[64 * 1024];
        var seen = 0;
        long first = 0;
        while (seen < lines)
        {
            await stream.ReadExactlyAsync(header, ct);
            if (first == 0)
            {
                first = Stopwatch.GetTimestamp();
            }

            var remaining = (int)BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(4));
            while (remaining > 0)
            {
                var n = await stream.ReadAsync(payload.AsMemory(0, Math.Min(remaining, payload.Length)), ct);
                if (n == 0)
                {
                    throw new EndOfStreamException("the engine closed the log stream early");
                }

                seen += payload.AsSpan(0, n).Count((byte)'\n');
                remaining -= n;
            }
        }

        return Stopwatch.GetElapsedTime(first);
    }
}
