using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using Portal.Web.Terminal;

namespace Portal.Web.Tests.Terminal;

public sealed class ExecAttachTicketsTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 30, 3, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Redeem_OwnTicketOnce_ThenRefused()
    {
        var tickets = new ExecAttachTickets(_time);
        var ticket = tickets.Issue("u1", "conn1", "s1");

        var first = tickets.Redeem(ticket, "u1");
        var again = tickets.Redeem(ticket, "u1");

        Assert.Equal(("conn1", "s1"), (first!.ConnectionId, first.SessionId));
        Assert.Null(again);
    }

    [Fact]
    public void Redeem_OtherUser_RefusedAndTicketSpent()
    {
        var tickets = new ExecAttachTickets(_time);
        var ticket = tickets.Issue("u1", "conn1", "s1");

        Assert.Null(tickets.Redeem(ticket, "u2"));
        Assert.Null(tickets.Redeem(ticket, "u1"));
    }

    [Fact]
    public void Redeem_AfterLifetime_Refused()
    {
        var tickets = new ExecAttachTickets(_time);
        var late = tickets.Issue("u1", "conn1", "s0");
        var inTime = tickets.Issue("u1", "conn1", "s1");

        _time.Advance(ExecAttachTickets.Lifetime - TimeSpan.FromSeconds(1));
        Assert.NotNull(tickets.Redeem(inTime, "u1"));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(tickets.Redeem(late, "u1"));
    }

    [Fact]
    public void Issue_Unguessable_DistinctAndLong()
    {
        var tickets = new ExecAttachTickets(_time);
        var issued = Enumerable.Range(0, 100).Select(i => tickets.Issue("u1", "c", $"s{i}")!).ToList();

        Assert.Equal(100, issued.Distinct(StringComparer.Ordinal).Count());
        Assert.All(issued, t => Assert.True(t.Length >= 48, t));
        Assert.Null(tickets.Redeem("not-a-ticket", "u1"));
        Assert.Null(tickets.Redeem(issued[0], null));
    }

    [Fact]
    public void Issue_TooManyOutstanding_RefusedUntilExpired()
    {
        var tickets = new ExecAttachTickets(_time);
        for (var i = 0; i < ExecAttachTickets.MaxOutstanding; i++)
        {
            Assert.NotNull(tickets.Issue("u1", "c", $"s{i}"));
        }

        Assert.Null(tickets.Issue("u1", "c", "one-more"));
        _time.Advance(ExecAttachTickets.Lifetime);
        Assert.NotNull(tickets.Issue("u1", "c", "one-more"));
    }

    [Fact]
    public void Issue_AgainForTheSameSession_ReplacesTheEarlierTicket_SoALoopCannotFillTheTable()
    {
        var tickets = new ExecAttachTickets(_time);
        var first = tickets.Issue("u1", "c", "s");
        for (var i = 0; i < ExecAttachTickets.MaxOutstanding * 2; i++)
        {
            Assert.NotNull(tickets.Issue("u1", "c", "s"));
        }

        var last = tickets.Issue("u1", "c", "s");

        Assert.Null(tickets.Redeem(first, "u1"));
        Assert.NotNull(tickets.Redeem(last, "u1"));
        Assert.NotNull(tickets.Issue("u2", "other", "s2"));
    }

    [Theory]
    [InlineData("https://portal.example", "portal.example", true)]
    [InlineData("http://127.0.0.1:5080", "127.0.0.1:5080", true)]
    [InlineData("https://PORTAL.example:8443", "portal.example:8443", true)]
    [InlineData("https://evil.example", "portal.example", false)]
    [InlineData("http://127.0.0.1:5081", "127.0.0.1:5080", false)]
    [InlineData("null", "portal.example", false)]
    [InlineData("", "portal.example", false)]
    public void SameOrigin_ComparesOriginWithHost(string origin, string host, bool expected)
    {
        var http = new DefaultHttpContext();
        http.Request.Host = new HostString(host);
        if (origin.Length > 0)
        {
            http.Request.Headers.Origin = origin;
        }

        Assert.Equal(expected, ExecSocketEndpoint.SameOrigin(http.Request));
    }
}
