using Portal.Web.Logs;

namespace Portal.Web.Tests.Logs;

public sealed class LogSourceColoursTests
{
    [Fact]
    public void SlotOf_SameNameInEveryView_HashNotProcessDependent()
    {
        // FNV-1a of "web" is fixed; string.GetHashCode would change with every process.
        Assert.Equal(1, LogSourceColours.Preferred("web"));
        foreach (var name in new[] { "web", "db", "cache-1", "e2e-logs-a" })
        {
            Assert.Equal(LogSourceColours.Preferred(name), new LogSourceColours().SlotOf(name));
        }

        var view = new LogSourceColours();
        var first = view.SlotOf("web");
        view.SlotOf("db");
        Assert.Equal(first, view.SlotOf("web"));
        Assert.Equal("log-src-" + first, view.ClassOf("web"));
    }

    [Fact]
    public void SlotOf_AsManyContainersAsColours_NoneShareOne_ThenTheHashDecides()
    {
        var view = new LogSourceColours();
        var names = Enumerable.Range(1, LogSourceColours.Count).Select(i => $"app-{i}").ToList();

        var slots = names.Select(view.SlotOf).ToList();

        Assert.Equal(LogSourceColours.Count, slots.Distinct().Count());
        Assert.All(slots, s => Assert.InRange(s, 0, LogSourceColours.Count - 1));
        Assert.Equal(LogSourceColours.Preferred("app-extra"), view.SlotOf("app-extra"));

        view.Clear();
        Assert.Equal(LogSourceColours.Preferred(names[^1]), view.SlotOf(names[^1]));
    }
}
