using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Entities;
using Portal.Engine.Pipeline;
using Portal.Web.Components.Pages.Containers;

namespace Portal.Web.Tests.Pages;

public sealed class RunContainerTests : PortalTestContext
{
    [Fact]
    public async Task RunContainer_Submit_PassesParsedFieldsToRunAsync()
    {
        await SignInAsync("alice", teams: ("web", TeamRole.Operator));
        var cut = Render<RunContainer>();
        cut.WaitForAssertion(() => Assert.Contains("web", cut.Find("#run-team").GetAttribute("value") ?? "", StringComparison.Ordinal));

        cut.Find("#run-image").Input("portal-test/busybox:latest");
        cut.Find("#run-image").Blur();
        cut.Find("#run-name").Input("web-1");
        cut.Find("#run-command").Input("sh -c 'httpd -f -p 8080'");
        cut.Find("#run-env").Input("A=1\n\n  GREETING=hello world  \n");
        cut.Find("#run-ports").Input("127.0.0.1:18080:8080\n9090/udp");
        cut.Find("#run-volumes").Input("data:/data:ro");
        cut.Find("#run-labels").Input("portal-test.session=abc\ntier = web");
        cut.Find("#run-memory").Input("256m");
        cut.Find("#run-cpus").Input("0.5");
        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Single(Containers.RunRequests));
        var request = Assert.Single(Containers.RunRequests);
        Assert.Equal("portal-test/busybox:latest", request.Image);
        Assert.Equal("web-1", request.Name);
        Assert.Equal(["sh", "-c", "httpd -f -p 8080"], request.Command);
        Assert.Equal(["A=1", "GREETING=hello world"], request.Env);
        Assert.Equal(["127.0.0.1:18080:8080", "9090/udp"], request.Ports);
        Assert.Equal(["data:/data:ro"], request.Volumes);
        Assert.Equal(new Dictionary<string, string> { ["portal-test.session"] = "abc", ["tier"] = "web" }, request.Labels);
        Assert.Equal("256m", request.Memory);
        Assert.Equal(0.5, request.Cpus);
        Assert.Equal("web", request.Team);
        Assert.Equal("no", request.Restart);
        Assert.False(request.KeepOnFailure);
        cut.WaitForAssertion(() => Assert.EndsWith("/containers/web-1", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunContainer_EngineRefuses_ShowsMessageAndKeepsTheForm()
    {
        await SignInAsync("alice", teams: ("web", TeamRole.Operator));
        Containers.RunFailure = OperationFailedException.Invalid("Image 'nope:1' is not on this engine; pull it first.");
        var cut = Render<RunContainer>();

        cut.Find("#run-image").Input("nope:1");
        cut.Find("#run-image").Blur();
        cut.Find("#run-command").Input("sleep 10");
        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Equal("Image 'nope:1' is not on this engine; pull it first.", cut.Find("[data-testid=run-error]").TextContent.Trim()));
        Assert.Equal("nope:1", cut.Find("#run-image").GetAttribute("value"));
        Assert.Equal("sleep 10", cut.Find("#run-command").GetAttribute("value"));
        Assert.False(cut.Find("[data-testid=run-submit]").HasAttribute("disabled"));
        Assert.EndsWith("/", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunContainer_UnclosedQuote_ShowsTheProblemWithoutCallingTheEngine()
    {
        await SignInAsync("alice", teams: ("web", TeamRole.Operator));
        var cut = Render<RunContainer>();

        cut.Find("#run-image").Input("busybox");
        cut.Find("#run-image").Blur();
        cut.Find("#run-command").Input("sh -c 'echo");
        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Contains("unclosed single quote", Control(cut, "command").TextContent, StringComparison.Ordinal));
        Assert.Contains("mud-input-error", Control(cut, "command").ClassList);
        Assert.Empty(Containers.RunRequests);
    }

    [Fact]
    public async Task RunContainer_ImageInQuery_FillsTheImageField()
    {
        await SignInAsync("alice", teams: ("web", TeamRole.Operator));
        Services.GetRequiredService<NavigationManager>().NavigateTo("/containers/run?image=web%2Fapp%3A1.0");

        var cut = Render<RunContainer>();

        cut.WaitForAssertion(() => Assert.Equal("web/app:1.0", cut.Find("#run-image").GetAttribute("value")));
    }

    [Fact]
    public async Task RunContainer_ImageField_SuggestsLocalTagsFromTheCatalog_AndKeepsFreeText()
    {
        await SignInAsync("alice", teams: ("web", TeamRole.Operator));
        Images.Add("web/app:1.0", team: "web");
        Images.Add("web/api:2", team: "web");
        Images.Add("busybox:latest");
        Render<MudBlazor.MudPopoverProvider>();
        var cut = Render<RunContainer>();
        var field = cut.FindComponent<MudBlazor.MudAutocomplete<string>>();

        var found = await cut.InvokeAsync(() => field.Instance.SearchFunc!("web/", CancellationToken.None)!);

        Assert.Equal(["web/api:2", "web/app:1.0"], found);
        var request = Assert.Single(Images.ListRequests);
        Assert.Equal(("web/", false), (request.Text, request.Dangling));
        Assert.True(request.Take <= 20, "a bounded number of suggestions");

        cut.Find("#run-image").Input("registry.local/other:9");
        cut.Find("#run-image").Blur();
        cut.Find("form").Submit();
        cut.WaitForAssertion(() => Assert.Equal("registry.local/other:9", Assert.Single(Containers.RunRequests).Image));
    }

    [Fact]
    public async Task RunContainer_RefusalAboutOneField_MarksThatField_SaysTheLine_AndBringsItIntoView()
    {
        await SignInAsync("alice", teams: ("web", TeamRole.Operator));
        const string Refusal = "Refused by rule 'no-host-binds': Mounting host path '/etc' is reserved for administrators; use a named volume, or an administrator adds a prefix to policy setting 'bindPrefixes'.";
        Containers.RunFailure = new OperationFailedException(OperationOutcome.Forbidden, Refusal) { Rule = "no-host-binds", Field = "binds[1]" };
        var module = JSInterop.SetupModule("./js/field-errors.js");
        module.Setup<bool>("reveal", "#run-binds").SetResult(true);
        var cut = Render<RunContainer>();

        cut.Find("#run-image").Input("busybox");
        cut.Find("#run-image").Blur();
        cut.Find("#run-binds").Input("/srv/data:/data:ro\n/etc:/host-etc:ro");
        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Contains("mud-input-error", Control(cut, "binds").ClassList));
        Assert.Contains($"Line 2: {Refusal}", Control(cut, "binds").TextContent, StringComparison.Ordinal);
        Assert.Equal(["/srv/data:/data:ro", "/etc:/host-etc:ro"], Assert.Single(Containers.RunRequests).Binds);
        // Said once, at the field: no second copy in an alert at the top, and no other field marked.
        Assert.Empty(cut.FindAll("[data-testid=run-error]"));
        Assert.Single(cut.FindAll(".mud-input-control.mud-input-error"));
        cut.WaitForAssertion(() => module.VerifyInvoke("reveal"));
    }

    [Fact]
    public async Task RunContainer_SeveralProblems_MarksEachField_AndWhatNoFieldHoldsGoesToTheAlert()
    {
        await SignInAsync("alice", teams: ("web", TeamRole.Operator));
        Containers.RunFailure = new OperationFailedException(OperationOutcome.Forbidden, "three")
        {
            Rule = "no-privileged",
            Problems =
            [
                new("Refused by rule 'no-privileged': Privileged containers are reserved for administrators.", "privileged", "no-privileged"),
                new("Port '99999:80': '99999' is not a port number between 1 and 65535.", "ports[0]"),
                new("Image 'nope:1' is not on this engine; pull it first.", "image"),
            ],
        };
        var module = JSInterop.SetupModule("./js/field-errors.js");
        module.Setup<bool>("reveal", "#run-image").SetResult(true);
        var cut = Render<RunContainer>();

        cut.Find("#run-image").Input("nope:1");
        cut.Find("#run-image").Blur();
        cut.Find("#run-ports").Input("99999:80");
        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Contains("mud-input-error", Control(cut, "image").ClassList));
        Assert.Contains("Line 1: Port '99999:80'", Control(cut, "ports").TextContent, StringComparison.Ordinal);
        Assert.Contains("is not on this engine", Control(cut, "image").TextContent, StringComparison.Ordinal);
        Assert.Equal("Refused by rule 'no-privileged': Privileged containers are reserved for administrators.", cut.Find("[data-testid=run-error]").TextContent.Trim());
        // The first marked field in the form's order is the one brought into view.
        cut.WaitForAssertion(() => module.VerifyInvoke("reveal"));

        // A new attempt starts clean.
        Containers.RunFailure = null;
        cut.Find("#run-ports").Input("8080:80");
        cut.Find("form").Submit();
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll(".mud-input-control.mud-input-error")));
    }

    private static AngleSharp.Dom.IElement Control(IRenderedComponent<RunContainer> cut, string input) =>
        cut.Find($"#run-{input}").Closest(".mud-input-control") ?? throw new InvalidOperationException($"#run-{input} has no input control");
}
