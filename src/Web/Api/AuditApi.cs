using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Portal.Engine.Audit;

namespace Portal.Web.Api;

/// <summary>Body of <c>PUT /api/v1/admin/audit/retention</c>: days to keep, 0 keeps everything.</summary>
public sealed record AuditRetention(int Days);

/// <summary>The audit log for administrators: filtered pages, streamed CSV/JSON exports, retention.</summary>
public static class AuditApi
{
    /// <summary>Rows written between flushes of an export.</summary>
    private const int FlushEvery = 200;

    public static RouteGroupBuilder MapAuditApi(this RouteGroupBuilder api)
    {
        // The older /audit path stays as an alias of /admin/audit.
        foreach (var path in new[] { "/admin/audit", "/audit" })
        {
            api.MapGet(path, async (HttpContext http, AuditOperations audit, [AsParameters] AuditFilterParameters filter, int? skip, int? take) =>
            {
                var page = await audit.QueryAsync(await http.GetActorAsync(), filter.ToQuery() with
                {
                    Skip = Math.Max(0, skip ?? 0),
                    Take = Math.Clamp(take ?? 100, 1, 1000),
                }, http.RequestAborted);
                http.Response.Headers["X-Total-Count"] = page.Total.ToString(CultureInfo.InvariantCulture);
                return TypedResults.Ok(page.Items);
            }).WithTags("Audit").WithSummary("Admin: the audit log, newest first; filters user, team, action (prefix), object, outcome, q, from, to.");
        }

        var admin = api.MapGroup("/admin/audit").WithTags("Audit");
        admin.MapGet("/export", async (HttpContext http, AuditOperations audit, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json,
            [AsParameters] AuditFilterParameters filter, string? format) =>
        {
            var csv = !string.Equals(format, "json", StringComparison.OrdinalIgnoreCase);
            if (format is not null && csv && !string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase))
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid request", detail: "format is csv or json.");
            }

            // Export checks access now, before the response starts; rows are read while writing.
            var rows = audit.Export(await http.GetActorAsync(), filter.ToQuery(), http.RequestAborted);
            var name = $"portal-audit-{DateTime.UtcNow:yyyyMMdd-HHmmss}." + (csv ? "csv" : "json");
            return csv
                ? Results.Stream(body => WriteCsvAsync(body, rows), "text/csv; charset=utf-8", name)
                : Results.Stream(body => WriteJsonAsync(body, rows, json.Value.SerializerOptions), "application/json", name);
        }).WithSummary("Admin: every matching entry as a CSV or JSON download, streamed (format=csv|json, same filters).");

        admin.MapGet("/retention", async (HttpContext http, AuditOperations audit) =>
            TypedResults.Ok(new AuditRetention(await audit.GetRetentionDaysAsync(await http.GetActorAsync(), http.RequestAborted))))
            .WithSummary("Admin: how many days audit entries are kept (0: forever).");

        admin.MapPut("/retention", async (HttpContext http, AuditOperations audit, [FromBody] AuditRetention body) =>
        {
            await audit.SetRetentionDaysAsync(await http.GetActorAsync(), body.Days, http.RequestAborted);
            return TypedResults.Ok(body);
        }).WithSummary("Admin: set the retention in days; older entries are deleted hourly (0: keep everything).");
        return api;
    }

    private static async Task WriteCsvAsync(Stream body, IAsyncEnumerable<AuditRecord> rows)
    {
        await using var writer = new StreamWriter(body, new System.Text.UTF8Encoding(false), bufferSize: 16 * 1024);
        await writer.WriteLineAsync("time,actor,action,target,team,outcome,detail");
        var count = 0;
        await foreach (var a in rows)
        {
            await writer.WriteLineAsync(string.Join(',',
                Csv(a.Time.ToString("O", CultureInfo.InvariantCulture)), Csv(a.Actor), Csv(a.Action), Csv(a.Target), Csv(a.Team), Csv(a.Outcome), Csv(a.Detail)));
            if (++count % FlushEvery == 0)
            {
                await writer.FlushAsync();
            }
        }
    }

    private static async Task WriteJsonAsync(Stream body, IAsyncEnumerable<AuditRecord> rows, JsonSerializerOptions options)
    {
        // Entry by entry into the body with async writes (the server forbids synchronous ones).
        await body.WriteAsync("["u8.ToArray());
        var first = true;
        await foreach (var entry in rows)
        {
            if (!first)
            {
                await body.WriteAsync(","u8.ToArray());
            }

            first = false;
            await body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(entry, options));
        }

        await body.WriteAsync("]"u8.ToArray());
    }

    /// <summary>One CSV field: quoted when needed, and a leading formula character defused for spreadsheets.</summary>
    internal static string Csv(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}

/// <summary>The audit filters as query parameters, shared by the list and the export.</summary>
public sealed class AuditFilterParameters
{
    /// <summary>Exact user name of who acted (alias <c>actor</c>).</summary>
    [FromQuery(Name = "user")] public string? User { get; init; }

    [FromQuery(Name = "actor")] public string? Actor { get; init; }

    [FromQuery(Name = "team")] public string? Team { get; init; }

    /// <summary>Action prefix, such as <c>container.</c>.</summary>
    [FromQuery(Name = "action")] public string? Action { get; init; }

    /// <summary>Substring of the object's name.</summary>
    [FromQuery(Name = "object")] public string? Object { get; init; }

    [FromQuery(Name = "outcome")] public string? Outcome { get; init; }

    [FromQuery(Name = "q")] public string? Text { get; init; }

    /// <summary>From this time on (inclusive; alias <c>since</c>).</summary>
    [FromQuery(Name = "from")] public DateTime? From { get; init; }

    [FromQuery(Name = "since")] public DateTime? Since { get; init; }

    /// <summary>Before this time (exclusive).</summary>
    [FromQuery(Name = "to")] public DateTime? To { get; init; }

    public AuditSearch ToQuery() => new()
    {
        Actor = User ?? Actor,
        Team = Team,
        Action = Action,
        Target = Object,
        Outcome = Outcome,
        Text = Text,
        Since = (From ?? Since)?.ToUniversalTime(),
        Until = To?.ToUniversalTime(),
    };
}
