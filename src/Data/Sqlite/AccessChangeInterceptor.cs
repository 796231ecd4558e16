using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Portal.Data.Sqlite;

/// <summary>
/// Moves <see cref="AccessVersion"/> around every command that writes an access table. Looking at the SQL
/// itself catches every way of writing (SaveChanges batches, ExecuteUpdate/Delete) without each store
/// having to remember; reads pass with one prefix check.
/// </summary>
internal sealed class AccessChangeInterceptor(AccessVersion version) : DbCommandInterceptor
{
    // Quoted as EF writes them for SQLite.
    private static readonly string[] s_tables =
    [
        "\"AspNetUsers\"", "\"AspNetUserRoles\"", "\"AspNetRoles\"", "\"AccessTokens\"", "\"Teams\"",
        "\"TeamMemberships\"", "\"Endpoints\"", "\"EnvironmentGrants\"",
    ];

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Note(command);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Note(command);
        return ValueTask.FromResult(result);
    }

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        Note(command);
        return result;
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Note(command);
        return ValueTask.FromResult(result);
    }

    // SaveChanges sends INSERT … RETURNING and batches through readers.
    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Note(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Note(command);
        return ValueTask.FromResult(result);
    }

    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        Note(command);
        return result;
    }

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        Note(command);
        return ValueTask.FromResult(result);
    }

    /// <summary>True when <paramref name="sql"/> may write one of the access tables.</summary>
    private static bool WritesAccess(string sql)
    {
        var text = sql.AsSpan().TrimStart();
        if (text.StartsWith("SELECT", StringComparison.OrdinalIgnoreCase) || text.StartsWith("PRAGMA", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        foreach (var table in s_tables)
        {
            if (text.Contains(table, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    // Before and after: a reader that read the version before this write began sees it moved either way.
    private void Note(DbCommand command)
    {
        if (WritesAccess(command.CommandText))
        {
            version.Bump();
        }
    }
}
