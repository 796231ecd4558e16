using Portal.Engine.Compose.Loading;
using Portal.Engine.Compose.Stacks;
using Portal.Web.Components.Pages.Stacks;

namespace Portal.Web.Tests.Pages;

/// <summary>The editor's file list: names, order, merge flag, uploads, dirty tracking.</summary>
public sealed class StackEditorStateTests
{
    private static StackEditorState Loaded()
    {
        var state = new StackEditorState();
        state.Load([new ComposeFile("compose.yaml", "a"), new ComposeFile("Dockerfile", "FROM x")], "A=1");
        return state;
    }

    [Fact]
    public void Add_RefusesDuplicatesAndPathsLeavingTheStack_AndOpensTheNewFile()
    {
        var state = Loaded();

        Assert.Equal("There is already a file named 'Dockerfile'.", state.Add("Dockerfile"));
        Assert.Contains("'..'", state.Add("../etc/passwd"), StringComparison.Ordinal);
        Assert.Contains("relative path", state.Add("/abs.yaml"), StringComparison.Ordinal);
        Assert.Contains(".env", state.Add(".env"), StringComparison.Ordinal);
        Assert.Null(state.Add("compose.override.yaml"));

        Assert.Equal("compose.override.yaml", state.Selected);
        Assert.Equal(["compose.yaml", "Dockerfile", "compose.override.yaml"], state.Files.Select(f => f.Name));
        Assert.True(state.IsDirty);
    }

    [Fact]
    public void Move_ChangesTheMergeOrder_RenameKeepsThePlace_RemoveOpensTheNeighbour()
    {
        var state = Loaded();
        state.Add("compose.override.yaml");

        state.Move("compose.override.yaml", -1);
        state.Move("compose.override.yaml", -1);
        Assert.Equal(1, state.MergeOrder(state.Files[0]));
        Assert.Equal(2, state.MergeOrder(state.Files.Single(f => f.Name == "compose.yaml")));
        Assert.Equal(0, state.MergeOrder(state.Files.Single(f => f.Name == "Dockerfile")));

        Assert.Null(state.Rename("compose.override.yaml", "base.yml"));
        Assert.Equal("base.yml", state.Files[0].Name);
        Assert.Equal("base.yml", state.Selected);

        state.Remove("base.yml");
        Assert.Equal("compose.yaml", state.Selected);
    }

    [Fact]
    public void SetMerged_KeepsAYamlFileOutOfTheMerge_ForExtendsOrInclude()
    {
        var state = Loaded();
        state.Add("common.yaml");

        state.SetMerged("common.yaml", false);

        var common = state.Files.Single(f => f.Name == "common.yaml");
        Assert.False(common.Merged);
        Assert.False(StackFiles.IsMerged(common));
        state.SetMerged("common.yaml", true);
        Assert.Null(state.Files.Single(f => f.Name == "common.yaml").Merged);
    }

    [Fact]
    public void Upload_TextReplacesInPlace_BinaryIsBase64_EnvFileSetsTheEnv()
    {
        var state = Loaded();

        Assert.Null(state.Upload("compose.yaml", "b"u8.ToArray()));
        Assert.Null(state.Upload("logo.png", [0x89, 0x00, 0xFF]));
        Assert.Null(state.Upload(".env", "B=2\n"u8.ToArray()));

        Assert.Equal("b", state.Files[0].Content);
        var logo = state.Files.Single(f => f.Name == "logo.png");
        Assert.True(StackFiles.IsBinary(logo));
        Assert.Equal(3, StackFiles.Size(logo));
        Assert.Equal("B=2\n", state.Env);
        Assert.Equal(StackEditorState.EnvTab, state.Selected);
    }

    [Fact]
    public void IsDirty_FollowsEditsBackToTheSavedText()
    {
        var state = Loaded();
        Assert.False(state.IsDirty);

        state.SetText("compose.yaml", "changed");
        Assert.True(state.IsDirty);
        state.SetText("compose.yaml", "a");
        Assert.False(state.IsDirty);
        state.SetText(StackEditorState.EnvTab, "A=2");
        Assert.True(state.IsDirty);
        state.MarkSaved();
        Assert.False(state.IsDirty);
    }
}
