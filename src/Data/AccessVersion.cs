namespace Portal.Data;

/// <summary>
/// A number that moves whenever a row that decides who someone is or what they may touch is written
/// (users, roles, tokens, teams, memberships, environments and their grants). Whatever is derived from
/// those rows may be kept while the number stays where it was when the rows were read.
/// </summary>
/// <remarks>
/// Moved by <see cref="Sqlite.AccessChangeInterceptor"/> for every write command Portal sends, whichever
/// way it was made (SaveChanges, ExecuteUpdate/Delete, Identity's stores). Read it before reading the rows:
/// a write between the two then leaves the derived value already out of date.
/// </remarks>
public sealed class AccessVersion
{
    /// <summary>
    /// Longest a derived value is kept while this process wrote no access row: another process on the
    /// same database (a second Portal, a recovery tool) is seen within this.
    /// </summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    private long _value;

    /// <summary>The current number.</summary>
    public long Current => Interlocked.Read(ref _value);

    /// <summary>Marks everything derived so far as out of date.</summary>
    public void Bump() => Interlocked.Increment(ref _value);
}
