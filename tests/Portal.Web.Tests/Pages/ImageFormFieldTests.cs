using MudBlazor;
using Portal.Data.Entities;
using Portal.Engine.Pipeline;
using Portal.Web.Components.Pages.Images;

namespace Portal.Web.Tests.Pages;

/// <summary>
/// The image forms (pull, build, tag, push) say a refusal under the input that holds the refused field, bring that
/// input into view, say it once (no copy in the alert) and drop the mark when the person edits the input.
/// </summary>
public sealed class ImageFormFieldTests : PortalTestContext
{
    [Fact]
    public async Task Pull_BadReference_MarksTheReferenceField_UntilItIsEdited()
    {
        await SignInAsync("alice", teams: ("web", TeamRole.Operator));
        const string Refusal = "'NOPE' is not a valid repository name: use lowercase letters, digits and . _ - separated by /.";
        Transfers.PullFailure = OperationFailedException.Invalid(Refusal, "reference");
        var module = JSInterop.SetupModule("./js/field-errors.js");
        module.Setup<bool>("reveal", "#pull-reference").SetResult(true);
        var cut = Render<PullImage>();

        cut.Find("#pull-reference").Input("NOPE");
        cut.Find("[data-testid=pull-start]").Click();

        cut.WaitForAssertion(() => Assert.Contains("mud-input-error", Control(cut, "#pull-reference").ClassList));
        Assert.Contains(Refusal, Control(cut, "#pull-reference").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=pull-error]"));
        Assert.DoesNotContain("mud-input-error", Control(cut, "#pull-team").ClassList);
        cut.WaitForAssertion(() => module.VerifyInvoke("reveal"));

        cut.Find("#pull-reference").Input("nope");
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll(".mud-input-control.mud-input-error")));
    }

    [Theory]
    [InlineData("tags[1]", "#build-tags")]
    [InlineData("dockerfile", "#build-dockerfile")]
    [InlineData("team", "#build-team")]
    public async Task Build_RefusedField_MarksItsInput_UntilItIsEdited(string field, string input)
    {
        await SignInAsync("alice", teams: ("web", TeamRole.Operator));
        Builds.Failure = OperationFailedException.Invalid("That is refused.", field);
        var cut = Render<BuildImage>();
        cut.FindAll(".mud-tab")[1].Click();

        cut.Find("#build-dockerfile-text").Input("FROM portal-test/busybox:latest\n");
        cut.Find("#build-tags").Input("web/app:1 Web/App:2");
        cut.Find("[data-testid=build-start]").Click();

        cut.WaitForAssertion(() => Assert.Contains("mud-input-error", Control(cut, input).ClassList));
        Assert.Contains("That is refused.", Control(cut, input).TextContent, StringComparison.Ordinal);
        Assert.Single(cut.FindAll(".mud-input-control.mud-input-error"));
        Assert.Empty(cut.FindAll("[data-testid=build-error]"));

        cut.Find(input).Input("changed");
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll(".mud-input-control.mud-input-error")));
    }

    [Fact]
    public async Task Tag_TakenName_MarksTheNewTagField()
    {
        await SignInAsync("alice", teams: ("web", TeamRole.Operator));
        Images.Add("web/app:1.0", team: "web");
        Images.ChangeFailure = OperationFailedException.NameTaken("image", "web/app:2.0", "target");
        var cut = Render<ImageDetails>(p => p.Add(c => c.Reference, "web/app:1.0"));
        cut.WaitForAssertion(() => cut.Find("#image-tag-target"));

        cut.Find("#image-tag-target").Input("web/app:2.0");
        cut.Find("[data-testid=image-tag-add]").Click();

        cut.WaitForAssertion(() => Assert.Contains("is taken", Control(cut, "#image-tag-target").TextContent, StringComparison.Ordinal));
        Assert.Contains("mud-input-error", Control(cut, "#image-tag-target").ClassList);
        Assert.Empty(cut.FindAll("[data-testid=image-error]"));

        cut.Find("#image-tag-target").Input("web/app:3.0");
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll(".mud-input-control.mud-input-error")));
    }

    [Fact]
    public async Task Push_BadTarget_MarksTheTargetFieldInTheDialog()
    {
        await SignInAsync("alice", teams: ("web", TeamRole.Operator));
        Images.Add("web/app:1.0", team: "web");
        Transfers.PushFailure = OperationFailedException.Invalid("'Bad' is not a valid repository name: use lowercase letters, digits and . _ - separated by /.", "target");
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<ImageDetails>(p => p.Add(c => c.Reference, "web/app:1.0"));
        cut.WaitForAssertion(() => cut.Find("[data-testid=image-push]"));

        cut.Find("[data-testid=image-push]").Click();
        dialogs.WaitForAssertion(() => dialogs.Find("#push-target"));
        dialogs.Find("#push-target").Input("127.0.0.1:5000/Bad");
        dialogs.Find("[data-testid=push-submit]").Click();

        dialogs.WaitForAssertion(() => Assert.Contains("not a valid repository name", Control(dialogs, "#push-target").TextContent, StringComparison.Ordinal));
        Assert.Contains("mud-input-error", Control(dialogs, "#push-target").ClassList);
        Assert.Empty(dialogs.FindAll("[data-testid=dialog-error]"));
    }

    private static AngleSharp.Dom.IElement Control<T>(IRenderedComponent<T> cut, string selector)
        where T : Microsoft.AspNetCore.Components.IComponent =>
        cut.Find(selector).Closest(".mud-input-control") ?? throw new InvalidOperationException($"{selector} has no input control");
}
