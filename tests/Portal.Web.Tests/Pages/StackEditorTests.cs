using System.Text.Json;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Entities;
using Portal.Data.Stores;
using Portal.Engine.Compose.Loading;
using Portal.Engine.Compose.Stacks;
using Portal.Engine.Configuration;
using Portal.Web.Components.Pages.Stacks;

namespace Portal.Web.Tests.Pages;

/// <summary>The stack editor over every file: tabs, upload within limits, validation naming the file, and the flush before Save.</summary>
public sealed class StackEditorTests : PortalTestContext
{
    private const string Compose = """
        name: shop
        services:
          web:
            image: portal-test/busybox:latest
            environment:
              COLOR: blue
        """;

    private const string Override = """
        services:
          web:
            environment:
              COLOR: green
        """;

    private async Task SeedAsync()
    {
        await SignInAsync("alice", teams: ("web", TeamRole.Operator));
        await Services.GetRequiredService<StackStore>().CreateAsync(
            new Stack { EndpointId = (await LocalEnvironmentAsync()).Id, Name = "shop", Team = "web", CreatedBy = "alice" },
            new StackRevision { CreatedBy = "alice", FilesJson = JsonSerializer.Serialize(new[] { new { name = "compose.yaml", content = Compose } }), Env = "" },
            TestContext.Current.CancellationToken);
    }

    private async Task<List<ComposeFile>> LatestFilesAsync()
    {
        var store = Services.GetRequiredService<StackStore>();
        var stack = await store.FindAsync((await LocalEnvironmentAsync()).Id, "shop", TestContext.Current.CancellationToken);
        var revision = await store.RevisionAsync(stack!.Id, null, TestContext.Current.CancellationToken);
        return JsonSerializer.Deserialize<List<ComposeFile>>(revision!.FilesJson, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
    }

    [Fact]
    public async Task Save_ClickedInsideTheTypingDebounce_SavesTheTextTheBrowserHasNow()
    {
        await SeedAsync();
        var editorJs = JSInterop.SetupModule("./js/stack-editor.js");
        var read = editorJs.Setup<string?>("read", _ => true);
        var cut = Render<StackPage>(p => p.Add(c => c.Name, "shop"));
        cut.WaitForAssertion(() => Assert.Contains("COLOR: blue", cut.Find("[data-testid=stack-editor] textarea, textarea[data-testid=stack-editor]").GetAttribute("value") ?? cut.Find("textarea").TextContent, StringComparison.Ordinal));

        // The last keystrokes are in the browser's text area but still inside the text field's 600 ms debounce.
        var typed = Compose.Replace("blue", "red", StringComparison.Ordinal);
        read.SetResult(typed);
        await cut.InvokeAsync(() => cut.Find("[data-testid=save-stack]").Click());

        cut.WaitForAssertion(() => Assert.Equal(typed, Assert.Single(LatestFilesAsync().GetAwaiter().GetResult()).Content));
        Assert.Contains(editorJs.Invocations, i => i.Identifier == "read");
    }

    [Fact]
    public async Task AddedOverrideFile_IsSavedAfterTheFirst_InMergeOrder_AndTabsShowTheOrder()
    {
        await SeedAsync();
        var read = JSInterop.SetupModule("./js/stack-editor.js").Setup<string?>("read", _ => true);
        var cut = Render<StackPage>(p => p.Add(c => c.Name, "shop"));
        cut.WaitForAssertion(() => cut.Find("[data-testid='file-tab-compose.yaml']"));
        read.SetResult(Compose);

        cut.Find("[data-testid=new-file-name] input, input[data-testid=new-file-name]").Input("compose.override.yaml");
        await cut.InvokeAsync(() => cut.Find("[data-testid=add-file]").Click());
        cut.WaitForAssertion(() => Assert.Contains("compose #2", cut.Find("[data-testid='file-tab-compose.override.yaml']").TextContent, StringComparison.Ordinal));
        read.SetResult(Override);
        await cut.InvokeAsync(() => cut.Find("[data-testid=save-stack]").Click());

        cut.WaitForAssertion(() => Assert.Equal(2, LatestFilesAsync().GetAwaiter().GetResult().Count));
        var files = await LatestFilesAsync();
        Assert.Equal(["compose.yaml", "compose.override.yaml"], files.Select(f => f.Name));
        Assert.Equal(Compose, files[0].Content);
        Assert.Equal(Override, files[1].Content);
        Assert.Contains("compose #1", cut.Find("[data-testid='file-tab-compose.yaml']").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidationAsYouType_CoversEveryFile_AndNamesTheFileLineAndPath()
    {
        await SeedAsync();
        var read = JSInterop.SetupModule("./js/stack-editor.js").Setup<string?>("read", _ => true);
        var cut = Render<StackPage>(p => p.Add(c => c.Name, "shop"));
        cut.WaitForAssertion(() => cut.Find("[data-testid='file-tab-compose.yaml']"));
        read.SetResult(Compose);
        cut.Find("[data-testid=new-file-name] input, input[data-testid=new-file-name]").Input("compose.override.yaml");
        await cut.InvokeAsync(() => cut.Find("[data-testid=add-file]").Click());

        read.SetResult("services:\n  web:\n    bogus_key: 1\n");
        await cut.InvokeAsync(() => cut.FindAll("button").First(b => b.TextContent.Trim() == "Validate").Click());

        cut.WaitForAssertion(() => Assert.Contains("compose.override.yaml:3:", cut.Find("[data-testid=stack-validation]").TextContent, StringComparison.Ordinal));
        Assert.Contains("services.web", cut.Find("[data-testid=stack-validation]").TextContent, StringComparison.Ordinal);
        // The first file is untouched and still valid: the error is the override's only.
        Assert.DoesNotContain("compose.yaml:", cut.Find("[data-testid=stack-validation]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_TextOpensInTheEditor_BinaryIsStoredNotShown_OversizedIsRefusedWithAMessage()
    {
        Services.Configure<EngineOptions>(o => o.MaxStackFileBytes = 1024);
        await SeedAsync();
        var cut = Render<StackPage>(p => p.Add(c => c.Name, "shop"));
        cut.WaitForAssertion(() => cut.Find("[data-testid='file-tab-compose.yaml']"));
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x01, 0xFF];

        cut.FindComponent<InputFile>().UploadFiles(
            InputFileContent.CreateFromText(Override, "compose.override.yaml"),
            InputFileContent.CreateFromBinary(png, "logo.png"),
            InputFileContent.CreateFromText(new string('x', 2000), "big.txt"));

        cut.WaitForAssertion(() => Assert.Contains("big.txt not added", cut.Find("[data-testid=file-message]").TextContent, StringComparison.Ordinal));
        Assert.Contains("1 KiB per file", cut.Find("[data-testid=file-message]").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid='file-tab-big.txt']"));
        Assert.Contains("compose #2", cut.Find("[data-testid='file-tab-compose.override.yaml']").TextContent, StringComparison.Ordinal);
        await cut.InvokeAsync(() => cut.Find("[data-testid='file-tab-logo.png']").Click());
        cut.WaitForAssertion(() => Assert.Contains("Binary file, 11 B", cut.Find("[data-testid=binary-file]").TextContent, StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("[data-testid=stack-editor]"));

        await cut.InvokeAsync(() => cut.Find("[data-testid=save-stack]").Click());

        cut.WaitForAssertion(() => Assert.Equal(3, LatestFilesAsync().GetAwaiter().GetResult().Count));
        var files = await LatestFilesAsync();
        Assert.Equal(Override, files.Single(f => f.Name == "compose.override.yaml").Content);
        var logo = files.Single(f => f.Name == "logo.png");
        Assert.Equal(StackFiles.Base64, logo.Encoding);
        Assert.Equal(png, StackFiles.Bytes(logo));
    }
}
