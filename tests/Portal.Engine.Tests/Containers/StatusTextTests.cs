using Portal.Engine.Events;

namespace Portal.Engine.Tests.Containers;

public sealed class StatusTextTests
{
    private static readonly DateTime s_now = new(2026, 11, 29, 12, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData("Up Less than a second", "Up {duration}", 0)]
    [InlineData("Up 5 minutes", "Up {duration}", 300)]
    [InlineData("Up About an hour (healthy)", "Up {duration} (healthy)", 3600)]
    [InlineData("Up 3 days (Paused)", "Up {duration} (Paused)", 259200)]
    [InlineData("Exited (0) 2 hours ago", "Exited (0) {duration} ago", 7200)]
    [InlineData("Exited (137) About a minute ago", "Exited (137) {duration} ago", 60)]
    [InlineData("Restarting (1) 1 second ago", "Restarting (1) {duration} ago", 1)]
    public void Parse_EngineStatus_SplitsTemplateAndStart(string status, string template, int secondsAgo)
    {
        var (parsed, since) = StatusText.Parse(status, s_now);

        Assert.Equal(template, parsed);
        Assert.Equal(s_now.AddSeconds(-secondsAgo), since);
    }

    [Theory]
    [InlineData("Created")]
    [InlineData("Removal In Progress")]
    [InlineData("Dead")]
    [InlineData("")]
    public void Parse_StatusWithoutDuration_KeptAsIs(string status)
    {
        var (parsed, since) = StatusText.Parse(status, s_now);

        Assert.Equal(status, parsed);
        Assert.Null(since);
    }

    [Fact]
    public void Render_LaterThanStored_ShowsTheAgedDuration()
    {
        var (template, since) = StatusText.Parse("Up Less than a second", s_now);

        Assert.Equal("Up 5 minutes", StatusText.Render(template, since, s_now.AddMinutes(5)));
        Assert.Equal("Up About an hour", StatusText.Render(template, since, s_now.AddMinutes(61)));
        Assert.Equal("Up 3 days", StatusText.Render(template, since, s_now.AddDays(3)));
    }

    [Theory]
    [InlineData(0.4, "Less than a second")]
    [InlineData(1, "1 second")]
    [InlineData(45, "45 seconds")]
    [InlineData(90, "About a minute")]
    [InlineData(600, "10 minutes")]
    [InlineData(7200, "2 hours")]
    [InlineData(3 * 86400, "3 days")]
    [InlineData(21 * 86400, "3 weeks")]
    [InlineData(90 * 86400, "3 months")]
    [InlineData(800 * 86400, "2 years")]
    public void Humanize_LikeTheEngine(double seconds, string expected) =>
        Assert.Equal(expected, StatusText.Humanize(TimeSpan.FromSeconds(seconds)));
}
