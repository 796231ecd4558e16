namespace Portal.TestSupport;

/// <summary>An <see cref="IProgress{T}"/> that runs the callback on the reporting thread (no captured context).</summary>
public sealed class SyncProgress<T>(Action<T> onReport) : IProgress<T>
{
    public void Report(T value) => onReport(value);
}
