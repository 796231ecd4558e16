using System.Text;
using Portal.Engine.Exec;

namespace Portal.Engine.Tests.Exec;

public sealed class BoundedOutputTests
{
    [Fact]
    public void Append_WithinBound_KeepsEverything()
    {
        var output = new BoundedOutput(10);

        output.Append("abc"u8);
        output.Append("def"u8);

        Assert.Equal(("abcdef", false), (output.ToString(), output.Truncated));
    }

    [Fact]
    public void Append_PastBound_KeepsPrefixCountsRestAndSaysSo()
    {
        var output = new BoundedOutput(4);

        output.Append("abc"u8);
        output.Append("defgh"u8);

        Assert.Equal(4, output.Dropped);
        Assert.Equal("abcd\n[output truncated: 4 more bytes not shown]\n", output.ToString());
    }

    [Fact]
    public void ToString_CutInsideACharacter_DropsTheHalfCharacter()
    {
        var output = new BoundedOutput(4);

        output.Append(Encoding.UTF8.GetBytes("abcé€"));

        Assert.StartsWith("abc\n[output truncated:", output.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 0x61, 0xC3 }, 1)]
    [InlineData(new byte[] { 0x61, 0xC3, 0xA9 }, 3)]
    [InlineData(new byte[] { 0xE2, 0x82 }, 0)]
    [InlineData(new byte[] { 0xF0, 0x9F, 0x98, 0x80 }, 4)]
    [InlineData(new byte[] { 0xF0, 0x9F, 0x98 }, 0)]
    public void CompleteLength_TrailingSequence_CutBeforeIncompleteOnly(byte[] bytes, int expected) =>
        Assert.Equal(expected, BoundedOutput.CompleteLength(bytes));
}
