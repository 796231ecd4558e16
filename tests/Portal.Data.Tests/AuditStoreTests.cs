using Portal.Data.Entities;
using Portal.Data.Stores;

namespace Portal.Data.Tests;

public sealed class AuditStoreTests : DatabaseTestBase
{
    private AuditStore Audit => new(Database.Factory);

    [Theory]
    [InlineData("actor", "alice", "1,2,5")]
    [InlineData("action", "container.", "1,2,3,4")]
    [InlineData("action", "container.run", "1,3,4")]
    [InlineData("action", "image.", "5")]
    [InlineData("outcome", "forbidden", "3")]
    [InlineData("outcome", "succeeded", "1,2,5")]
    [InlineData("text", "WEB", "1,2,4")]
    [InlineData("text", "no-privileged", "3")]
    [InlineData("since", "2", "3,4,5")]
    public async Task Query_SingleFilter_MatchingEntriesNewestFirst(string filter, string value, string expected)
    {
        await SeedAsync();
        var query = filter switch
        {
            "actor" => new AuditQuery { Actor = value },
            "action" => new AuditQuery { Action = value },
            "outcome" => new AuditQuery { Outcome = value },
            "text" => new AuditQuery { Text = value },
            _ => new AuditQuery { Since = At(int.Parse(value, System.Globalization.CultureInfo.InvariantCulture)) },
        };

        var page = await Audit.QueryAsync(query, Token);

        var ids = expected.Split(',').Reverse().ToList();
        Assert.Equal(ids, page.Items.Select(a => a.Target.Split('#')[1]));
        Assert.Equal(ids.Count, page.Total);
    }

    [Fact]
    public async Task Query_CombinedFilters_AllApply()
    {
        await SeedAsync();

        var page = await Audit.QueryAsync(new AuditQuery { Actor = "alice", Action = "container.", Outcome = "succeeded", Text = "web" }, Token);

        Assert.Equal(["web#2", "web#1"], page.Items.Select(a => a.Target));
    }

    [Fact]
    public async Task Query_Paging_TotalBeforePaging()
    {
        await SeedAsync();

        var page = await Audit.QueryAsync(new AuditQuery { Skip = 1, Take = 2 }, Token);

        Assert.Equal(5, page.Total);
        Assert.Equal(["web#4", "db#3"], page.Items.Select(a => a.Target));
    }

    [Fact]
    public async Task Append_Entry_RoundTripsEveryField()
    {
        var entry = new AuditEntry
        {
            Time = At(7),
            Actor = "carol",
            Action = "container.kill",
            Target = "x#9",
            Outcome = "engine-error",
            Detail = "boom",
            Team = "team-a",
            EndpointId = 3,
        };

        await Audit.AppendAsync(entry, Token);

        var read = Assert.Single((await Audit.QueryAsync(new AuditQuery(), Token)).Items);
        Assert.Equal((entry.Time, "carol", "container.kill", "x#9", "engine-error", "boom", "team-a", (int?)3),
            (read.Time, read.Actor, read.Action, read.Target, read.Outcome, read.Detail, read.Team, read.EndpointId));
        Assert.Equal(DateTimeKind.Utc, read.Time.Kind);
    }

    [Theory]
    [InlineData("team", "team-a", "1,2")]
    [InlineData("team", "team-b", "3,4")]
    [InlineData("target", "WEB", "1,2,4")]
    [InlineData("until", "2", "1,2")]
    [InlineData("window", "1", "2,3")]
    public async Task Query_TeamObjectAndTimeRange_MatchingEntries(string filter, string value, string expected)
    {
        await SeedAsync(withTeams: true);
        var n = filter is "until" or "window" ? int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : 0;
        var query = filter switch
        {
            "team" => new AuditQuery { Team = value },
            "target" => new AuditQuery { Target = value },
            "until" => new AuditQuery { Until = At(n) },
            _ => new AuditQuery { Since = At(n), Until = At(n + 2) },
        };

        var page = await Audit.QueryAsync(query, Token);

        Assert.Equal(expected.Split(',').Reverse(), page.Items.Select(a => a.Target.Split('#')[1]));
    }

    [Fact]
    public async Task Stream_FilteredEntries_NewestFirstWithoutPaging()
    {
        await SeedAsync();

        var streamed = new List<string>();
        await foreach (var entry in Audit.StreamAsync(new AuditQuery { Actor = "alice", Take = 1 }, Token))
        {
            streamed.Add(entry.Target);
        }

        Assert.Equal(["busybox#5", "web#2", "web#1"], streamed);
    }

    [Fact]
    public async Task Retention_SetAndDeleteOlder()
    {
        await SeedAsync();
        Assert.Equal(0, await Audit.GetRetentionDaysAsync(Token));

        await Audit.SetRetentionDaysAsync(14, Token);
        await Audit.SetRetentionDaysAsync(30, Token);
        var deleted = await Audit.DeleteOlderThanAsync(At(2), Token);

        Assert.Equal(30, await Audit.GetRetentionDaysAsync(Token));
        Assert.Equal(2, deleted);
        Assert.Equal(["busybox#5", "web#4", "db#3"], (await Audit.QueryAsync(new AuditQuery(), Token)).Items.Select(a => a.Target));
    }

    private static DateTime At(int minute) => new(2026, 3, 1, 12, minute, 0, DateTimeKind.Utc);

    /// <summary>Five entries at minutes 0..4; targets end in #n so tests can name them.</summary>
    private async Task SeedAsync(bool withTeams = false)
    {
        AuditEntry[] entries =
        [
            new() { Time = At(0), Actor = "alice", Action = "container.run", Target = "web#1", Outcome = "succeeded", Detail = "image busybox" },
            new() { Time = At(1), Actor = "alice", Action = "container.stop", Target = "web#2", Outcome = "succeeded" },
            new() { Time = At(2), Actor = "bob", Action = "container.run", Target = "db#3", Outcome = "forbidden", Detail = "[no-privileged] Refused" },
            new() { Time = At(3), Actor = "bob", Action = "container.run", Target = "web#4", Outcome = "conflict", Detail = "name in use" },
            new() { Time = At(4), Actor = "alice", Action = "image.pull", Target = "busybox#5", Outcome = "succeeded" },
        ];
        foreach (var entry in entries)
        {
            if (withTeams)
            {
                entry.Team = entry.Actor == "alice" ? (entry.Action == "image.pull" ? null : "team-a") : "team-b";
            }

            await Audit.AppendAsync(entry, Token);
        }
    }
}
