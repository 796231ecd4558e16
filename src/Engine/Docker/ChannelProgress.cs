using System.Threading.Channels;

namespace Portal.Engine.Docker;

/// <summary>
/// An <see cref="IProgress{T}"/> that writes each report straight into a channel on the calling
/// thread. <c>Progress&lt;T&gt;</c> would post to a captured synchronization context instead.
/// </summary>
public sealed class ChannelProgress<T>(ChannelWriter<T> writer) : IProgress<T>
{
    public void Report(T value) => writer.TryWrite(value);
}
