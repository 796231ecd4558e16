using Docker.DotNet.Models;
using Portal.Engine.Logs;
using Portal.TestSupport;

namespace Portal.Engine.Tests.Logs;

/// <summary>The log reader against the real daemon: TTY containers pass raw bytes, others are demultiplexed.</summary>
public sealed class LogReaderDaemonTests(DaemonFixture daemon) : IClassFixture<DaemonFixture>
{
    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public async Task Read_TtyAndFollow_LinesInOrderStreamsRight(bool tty, bool follow)
    {
        using var cts = daemon.LinkedTimeout(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        var created = await daemon.Client.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Name = TestNames.Unique("logs-reader"),
            Image = daemon.Image,
            Tty = tty,
            // The second pair is printed a second after start: a follower receives it live.
            // Pauses keep stdout and stderr in order (the engine copies each stream on its own).
            Cmd = ["sh", "-c", "echo out1; sleep 0.2; echo err1 >&2; sleep 1; printf 'out2 \\033[32mgreen\\033[0m\\n'; sleep 0.2; echo err2 >&2"],
            Labels = new Dictionary<string, string>(daemon.SessionLabels),
        }, cts.Token);
        await daemon.Client.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), cts.Token);
        if (!follow)
        {
            await daemon.Client.Containers.WaitContainerAsync(created.ID, cts.Token);
        }

        var lines = new List<LogLine>();
        await foreach (var batch in LogReader.ReadAsync(daemon.Client, created.ID, new LogQuery { Follow = follow }, 64 * 1024, cts.Token))
        {
            lines.AddRange(batch);
        }

        Assert.Equal(["out1", "err1", "out2 \u001b[32mgreen\u001b[0m", "err2"], lines.Select(l => l.Text));
        var expected = tty
            ? new[] { LogStream.Stdout, LogStream.Stdout, LogStream.Stdout, LogStream.Stdout }
            : [LogStream.Stdout, LogStream.Stderr, LogStream.Stdout, LogStream.Stderr];
        Assert.Equal(expected, lines.Select(l => l.Stream));
        Assert.All(lines, l => Assert.True(l.Timestamp > DateTimeOffset.UtcNow.AddMinutes(-5), $"timestamp {l.Timestamp}"));
        Assert.True(lines[2].Timestamp - lines[1].Timestamp >= TimeSpan.FromMilliseconds(800), "the sleep shows between the timestamps");
    }

    [Fact]
    public async Task Read_FollowWithoutCancellableToken_Refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(async () =>
        {
            await foreach (var _ in LogReader.ReadAsync(daemon.Client, "any", new LogQuery { Follow = true }, 1024, CancellationToken.None))
            {
            }
        });
    }
}
