using MudBlazor;
using Portal.Web.Model;
using Portal.Web.Utils;

namespace Portal.Web.Tests.Model;

public sealed class ModelTests
{
    [Fact]
    public void Describe_AllSucceeded_CountsThem()
    {
        var (severity, message) = ContainerActionRunner.Describe(ContainerAction.Stop, [new("a", null), new("b", null)]);

        Assert.Equal(Severity.Success, severity);
        Assert.Equal("Stopped 2 containers.", message);
    }

    [Fact]
    public void Describe_SomeFailed_NamesEachFailure()
    {
        var (severity, message) = ContainerActionRunner.Describe(ContainerAction.Remove,
            [new("a", null), new("b", "Container 'b' is running: stop it first."), new("c", "No container named 'c' was found.")]);

        Assert.Equal(Severity.Warning, severity);
        Assert.Equal("Remove: 1 of 3 succeeded. b: Container 'b' is running: stop it first. c: No container named 'c' was found.", message);
    }

    [Fact]
    public void Describe_SingleFailure_IsAnError()
    {
        var (severity, message) = ContainerActionRunner.Describe(ContainerAction.Kill, [new("a", "You have read-only access to team 'web'.")]);

        Assert.Equal(Severity.Error, severity);
        Assert.Equal("Kill failed. a: You have read-only access to team 'web'.", message);
    }

    [Fact]
    public void ContainersUrl_Default_HasNoQuery()
    {
        Assert.Equal("/containers", PortalUrls.Containers());
    }

    [Fact]
    public void ContainersUrl_Filter_RoundTripsThroughFrom()
    {
        var filter = new ContainerListFilter { All = true, State = "exited", Text = "a b&c", Team = "web", Sort = "created", Descending = true };

        var url = PortalUrls.Containers(filter);

        Assert.Equal("/containers?all=true&state=exited&q=a%20b%26c&team=web&sort=created&desc=true", url);
        Assert.Equal(filter, ContainerListFilter.From(true, "exited", "a b&c", "web", false, "created", true));
    }

    [Fact]
    public void ListFilter_UnknownSort_FallsBackToName()
    {
        Assert.Equal("name", ContainerListFilter.From(false, null, null, null, false, "id; drop", false).Sort);
    }

    [Fact]
    public void ListFilter_StateOtherThanRunning_IncludesStopped()
    {
        var request = ContainerListFilter.From(false, "exited", null, null, false, null, false).ToRequest(0, 50);

        Assert.True(request.All);
        Assert.Equal("exited", request.State);
    }

    [Fact]
    public void RunForm_LabelWithoutEquals_ThrowsNamingTheLineAndTheField()
    {
        var form = new RunContainerForm { Image = "busybox", Labels = "ok=1\nbroken" };

        var ex = Assert.Throws<FieldFormatException>(form.ToRequest);

        Assert.Equal("Label line 'broken' must look like key=value.", ex.Message);
        Assert.Equal("labels", ex.Field);
    }

    [Theory]
    [InlineData("ports[1]", "ports", 1)]
    [InlineData("labels.tier", "labels", null)]
    [InlineData("image", "image", null)]
    [InlineData("services.web.cap_add", "services", null)]
    public void FormProblems_Split_TheInputAndTheLine(string field, string input, int? index)
    {
        Assert.Equal((input, index), FormProblems.Split(field));
    }

    [Fact]
    public void RunForm_EmptyOptionalFields_AreNull()
    {
        var request = new RunContainerForm { Image = " busybox " }.ToRequest();

        Assert.Equal("busybox", request.Image);
        Assert.Null(request.Name);
        Assert.Empty(request.Command!);
        Assert.Empty(request.Env!);
        Assert.Null(request.Memory);
        Assert.Null(request.Cpus);
        Assert.Null(request.Team);
    }

    [Theory]
    [InlineData(30, "just now")]
    [InlineData(60, "a minute ago")]
    [InlineData(600, "10 minutes ago")]
    [InlineData(7200, "2 hours ago")]
    [InlineData(90000, "yesterday")]
    [InlineData(86400 * 3, "3 days ago")]
    public void Relative_Age_ReadsNaturally(int seconds, string expected)
    {
        var now = new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);

        Assert.Equal(expected, TimeFormat.Relative(now.UtcDateTime.AddSeconds(-seconds), now));
    }
}
