using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Portal.Data.Sqlite;

/// <summary>
/// Moves <see cref="AccessVersion"/> after every command that writes an access table. Looking at the SQL
/// itself catches every way of writing (SaveChanges batches, ExecuteUpdate/Delete) without each store
/// having to remember; reads pass with one prefix check. A write inside a transaction moves it again at
/// the commit: a reader between the two saw the old rows under the number the commit leaves behind.
/// </summary>
internal sealed class AccessChangeInterceptor(AccessVersion version) : DbCommandInterceptor, IDbTransactionInterceptor
{
    private static readonly object s_pending = new();

    private readonly ConditionalWeakTable<DbTransaction, object> _pending = [];

    // Quoted as EF writes them for SQLite.
    private static readonly string[] s_tables =
    [
        "\"AspNetUsers\"", "\"AspNetUserRoles\"", "\"AspNetRoles\"", "\"AccessTokens\"", "\"Teams\"",
        "\"TeamMemberships\"", "\"Endpoints\"", "\"EnvironmentGrants\"",
    ];

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

    void IDbTransactionInterceptor.TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Committed(transaction);

    Task IDbTransactionInterceptor.TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken)
    {
        Committed(transaction);
        return Task.CompletedTask;
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

    // After the write: whatever was read before it was derived under the number this moves past.
    private void Note(DbCommand command)
    {
        if (WritesAccess(command.CommandText))
        {
            version.Bump();
            if (command.Transaction is { } transaction)
            {
                _pending.AddOrUpdate(transaction, s_pending);
            }
        }
    }

    private void Committed(DbTransaction transaction)
    {
        if (_pending.Remove(transaction))
        {
            version.Bump();
        }
    }
}
