using Portal.Engine.Pipeline;

namespace Portal.Engine.Images.Build;

/// <summary>Copies a stream while counting, so an oversized upload is refused as soon as it passes the limit, not after it has all arrived.</summary>
public static class LimitedCopy
{
    /// <summary>Copies <paramref name="source"/> into <paramref name="target"/>; throws an invalid-request failure past <paramref name="limit"/> bytes.</summary>
    public static async Task<long> CopyAsync(Stream source, Stream target, long limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            total += read;
            if (total > limit)
            {
                throw TooLarge(limit);
            }

            await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
        }

        return total;
    }

    /// <summary>The refusal for a context over the limit.</summary>
    public static OperationFailedException TooLarge(long limit) =>
        OperationFailedException.Invalid($"The build context is larger than the limit of {Formatting.ByteSize.Exact(limit)}.");
}
