namespace Portal.Bench;

/// <summary>Names and labels of the bench's containers, derived from the session id.</summary>
internal sealed class BenchNames(Guid session)
{
    public const string SessionLabel = "portal-bench.session";
    public const string TeamLabel = "io.portal.team";
    public const string Team = "bench";

    public Guid Session { get; } = session;

    /// <summary><c>pbench-1a2b3c4d</c>: every container name of this session starts with it.</summary>
    public string Prefix { get; } = "pbench-" + session.ToString("N")[..8];

    /// <summary>The name fragment of the filtered query: one container in ten (group g0).</summary>
    public string Fragment => Prefix + "-g0-";

    public string LabelFilter => $"{SessionLabel}={Session:D}";

    public IReadOnlyDictionary<string, string> Labels => new Dictionary<string, string>
    {
        [SessionLabel] = Session.ToString("D"),
        [TeamLabel] = Team,
    };

    public string Name(int index) => $"{Prefix}-g{index % 10}-{index:D5}";

    /// <summary>How many of <paramref name="containers"/> match <see cref="Fragment"/> (indices 0, 10, 20, …).</summary>
    public static int FragmentMatches(int containers) => (containers + 9) / 10;
}
