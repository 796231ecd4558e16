using Portal.Engine.Exec;

namespace Portal.Engine.Tests.Exec;

public sealed class ExecCommandsTests
{
    [Fact]
    public void Effective_NoCommand_IsTheDefaultShell() => Assert.Equal(["/bin/sh"], ExecCommands.Effective(new ExecRequest()));

    [Fact]
    public void FromCommandLine_Line_RunsThroughShC() =>
        Assert.Equal(["sh", "-c", "ls | wc -l"], ExecCommands.FromCommandLine("ls | wc -l"));

    [Fact]
    public void Describe_ArgumentsWithSpaces_Quoted() =>
        Assert.Equal("sh -c 'echo hi'", ExecCommands.Describe(["sh", "-c", "echo hi"]));

    [Fact]
    public void Describe_VeryLong_Bounded() =>
        Assert.Equal(501, ExecCommands.Describe([new string('x', 2000)]).Length);

    [Theory]
    [InlineData(0, 0, 1, 1)]
    [InlineData(80, 24, 80, 24)]
    [InlineData(5000, 5000, 1000, 1000)]
    public void TerminalSize_OutOfRange_Clamped(int cols, int rows, int expectedCols, int expectedRows)
    {
        var size = new TerminalSize(cols, rows);

        Assert.Equal((expectedCols, expectedRows), (size.Columns, size.Rows));
    }
}
