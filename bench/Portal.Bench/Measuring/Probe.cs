namespace Portal.Bench.Measuring;

/// <summary>
/// One thing to time: <see cref="Run"/> is timed (request or process, whole output read);
/// <see cref="Count"/> runs afterwards, untimed, to check the answer.
/// </summary>
internal sealed class Probe(string key, string label, Func<CancellationToken, Task<byte[]>> run, Func<byte[], int> count, Func<int, bool> isExpected, string expected)
{
    private readonly List<double> _samples = [];

    public string Key { get; } = key;

    /// <summary>What a reader sees in the table.</summary>
    public string Label { get; } = label;

    public Func<CancellationToken, Task<byte[]>> Run { get; } = run;

    public Func<byte[], int> Count { get; } = count;

    /// <summary>Whether an item count is right; <see cref="Expected"/> says what right is.</summary>
    public Func<int, bool> IsExpected { get; } = isExpected;

    public string Expected { get; } = expected;

    public IReadOnlyList<double> Samples => _samples;

    /// <summary>Item count of the last answer.</summary>
    public int LastItems { get; private set; }

    /// <summary>Size of the last answer in bytes.</summary>
    public int LastBytes { get; private set; }

    /// <summary>Answers whose item count was not the expected one.</summary>
    public int Mismatches { get; private set; }

    public string? LastMismatch { get; private set; }

    public void Record(double milliseconds, byte[] output, bool keep)
    {
        LastBytes = output.Length;
        LastItems = Count(output);
        if (!IsExpected(LastItems))
        {
            Mismatches++;
            LastMismatch = $"{LastItems} items, expected {Expected}";
        }

        if (keep)
        {
            _samples.Add(milliseconds);
        }
    }
}
