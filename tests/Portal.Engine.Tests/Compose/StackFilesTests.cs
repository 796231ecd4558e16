using Portal.Engine.Compose.Loading;
using Portal.Engine.Compose.Stacks;

namespace Portal.Engine.Tests.Compose;

/// <summary>The rules every stack file follows, whichever way it arrives (page, upload, REST).</summary>
public sealed class StackFilesTests
{
    [Theory]
    [InlineData("compose.yaml", null)]
    [InlineData("app/Dockerfile", null)]
    [InlineData("", "A file needs a name.")]
    [InlineData("/etc/passwd", "not a relative path")]
    [InlineData("a\\b", "not a relative path")]
    [InlineData(" x.yaml", "not a relative path")]
    [InlineData("app/../../x", "'..'")]
    [InlineData("./x", "'.'")]
    [InlineData("a//b", "empty")]
    [InlineData(".env", "kept in the stack's .env")]
    public void NameProblem_KeepsNamesInsideTheStack(string name, string? problem)
    {
        var found = StackFiles.NameProblem(name);

        if (problem is null)
        {
            Assert.Null(found);
        }
        else
        {
            Assert.Contains(problem, found, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Check_ReportsDuplicates_Encodings_AndSizesPerFileAndInAll()
    {
        ComposeFile[] files =
        [
            new("a.yaml", "12345"),
            new("a.yaml", "1"),
            new("b.bin", "not base64!") { Encoding = StackFiles.Base64 },
            new("c.txt", "x") { Encoding = "gzip" },
            StackFiles.FromBytes("d.bin", new byte[12]),
        ];

        var errors = StackFiles.Check(files, env: "1234", maxFileBytes: 10, maxTotalBytes: 20);

        Assert.Equal(
        [
            "a.yaml:0:0: There are two files named 'a.yaml'.",
            "b.bin:0:0: The binary file's content is not valid base64.",
            "c.txt:0:0: Unknown encoding 'gzip'; files are text, or 'base64' for binary files.",
            "d.bin:0:0: The file is 12 B, more than the limit of 10 B per file.",
            ":0:0: The stack's files are 22 B in all, more than the limit of 20 B.",
        ], errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Binary_RoundTrips_IsNeverMerged_AndIsNotReadAsText()
    {
        byte[] bytes = [0, 1, 2, 250, 255];
        var binary = StackFiles.FromBytes("logo.yaml", bytes);
        var source = new StackFileSource([binary, new ComposeFile("a.env", "A=1")], "");

        Assert.Equal(bytes, StackFiles.Bytes(binary));
        Assert.Equal(5, StackFiles.Size(binary));
        Assert.False(StackFiles.IsMerged(binary));
        Assert.Null(source.TryRead("logo.yaml"));
        Assert.Equal("A=1", source.TryRead("./a.env"));
        Assert.False(StackFiles.IsMerged(new ComposeFile("common.yaml", "") { Merged = false }));
        Assert.True(StackFiles.IsMerged(new ComposeFile("compose.yaml", "")));
        Assert.True(StackFiles.IsMerged(new ComposeFile("override.txt", "") { Merged = true }));
    }
}
