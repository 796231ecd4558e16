using System.Text.Json;
using System.Text.Json.Serialization;
using Portal.Engine.Logs;
using Portal.Web.Hubs;

namespace Portal.Web.Tests.Hubs;

public sealed class LogLinesJsonConverterTests
{
    private static readonly LogLine[] s_lines =
    [
        new(new DateTimeOffset(2026, 11, 30, 3, 0, 0, TimeSpan.Zero), LogStream.Stdout, "tick 1"),
        new(null, LogStream.Stderr, "\u001b[31m<red>\u001b[0m \"quoted\""),
    ];

    private static JsonSerializerOptions Options(bool withConverter)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
        if (withConverter)
        {
            options.Converters.Add(new LogLinesJsonConverter());
        }

        return options;
    }

    [Fact]
    public void Write_SharedChunkOrPlainList_SameJsonAsWithoutTheConverter()
    {
        var options = Options(withConverter: true);
        var expected = JsonSerializer.Serialize(new LogBatch(s_lines, 7), Options(withConverter: false));
        var viewers = SharedChunk();

        var fromChunk = JsonSerializer.Serialize(new LogBatch(viewers, 7), options);
        var fromList = JsonSerializer.Serialize(new LogBatch(s_lines.ToList(), 7), options);

        Assert.Equal(expected, fromChunk);
        Assert.Equal(expected, fromList);
        Assert.Same(viewers.ToJson(options), viewers.ToJson(options));
    }

    [Fact]
    public void Read_RoundTrips()
    {
        var options = Options(withConverter: true);

        var back = JsonSerializer.Deserialize<LogBatch>(JsonSerializer.Serialize(new LogBatch(SharedChunk(), 3, Ended: true), options), options)!;

        Assert.Equal(s_lines, back.Lines);
        Assert.Equal((3L, true), (back.Skipped, back.Ended));
    }

    private static LogChunk SharedChunk() => new([.. s_lines]);
}
