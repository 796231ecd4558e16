using Portal.Engine.Formatting;

namespace Portal.Engine.Tests.Formatting;

public sealed class ByteSizeTests
{
    [Theory]
    [InlineData(0L, "0 B")]
    [InlineData(1000L, "1000 B")]
    [InlineData(1024L, "1 KiB")]
    [InlineData(1536L, "1.5 KiB")]
    [InlineData(5_000_000L, "4.77 MiB")]
    [InlineData(64L * 1024 * 1024, "64 MiB")]
    [InlineData((1L << 20) - 1, "1 MiB")]
    [InlineData(3L << 30, "3 GiB")]
    [InlineData(5L << 40, "5 TiB")]
    [InlineData(-2048L, "-2 KiB")]
    public void Format_WritesIecUnits(long bytes, string expected) => Assert.Equal(expected, ByteSize.Format(bytes));

    [Theory]
    [InlineData(0L, "0 B")]
    [InlineData(10L, "10 B")]
    [InlineData(16384L, "16 KiB")]
    [InlineData(64L * 1024 * 1024, "64 MiB")]
    [InlineData((64L * 1024 * 1024) + 1, "67108865 B")]
    [InlineData(1536L * 1024 * 1024, "1536 MiB")]
    [InlineData(1L << 30, "1 GiB")]
    public void Exact_NeverRounds(long bytes, string expected) => Assert.Equal(expected, ByteSize.Exact(bytes));

    [Fact]
    public void FormatOptional_DashForUnknown()
    {
        Assert.Equal("—", ByteSize.FormatOptional(null));
        Assert.Equal("—", ByteSize.FormatOptional(-1));
        Assert.Equal("2 KiB", ByteSize.FormatOptional(2048));
    }

    [Fact]
    public void Format_Unsigned_Capped() => Assert.Equal(ByteSize.Format(long.MaxValue), ByteSize.Format(ulong.MaxValue));
}
