namespace Portal.Data;

/// <summary>
/// The database was migrated by a newer Portal than this one (a downgrade): it holds migrations this build
/// does not know. Portal refuses to start rather than run old code over a schema it cannot read or undo.
/// </summary>
public sealed class DatabaseNewerThanAppException(IReadOnlyList<string> unknownMigrations)
    : Exception($"The database was upgraded by a newer Portal: it has {unknownMigrations.Count} migration(s) this version does not know "
        + $"({string.Join(", ", unknownMigrations)}). Portal does not start on a schema newer than itself; "
        + "run the newer Portal image again, or restore the data folder from a backup taken before the upgrade.")
{
    /// <summary>Ids of the applied migrations this build lacks.</summary>
    public IReadOnlyList<string> UnknownMigrations { get; } = unknownMigrations;
}
