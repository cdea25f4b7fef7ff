using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace StandingsManager.Core.Persistence;

/// <summary>
/// A transaction whose checks and writes run one after the other with every other such transaction of its area, on
/// both databases. SQLite gives that by itself (Microsoft.Data.Sqlite begins with BEGIN IMMEDIATE: one writer at a
/// time); PostgreSQL's read-committed transactions run side by side, so there a transaction-scoped advisory lock per
/// area does it. Two administrators withdrawing each other thus leave one on PostgreSQL too.
/// </summary>
public static class WriteTransactions
{
    public static async Task<IDbContextTransaction> BeginWriteTransactionAsync(this DatabaseFacade database, WriteArea area, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(database);
        var transaction = await database.BeginTransactionAsync(ct);
        if (database.IsNpgsql())
        {
            var key = (int)area;
            await database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({AdvisoryLocks.WriteAreas}, {key})", ct);
        }
        return transaction;
    }
}

/// <summary>What a write transaction guards: transactions of one area wait for each other on PostgreSQL.</summary>
public enum WriteArea
{
    /// <summary>Accounts, their characters, roles and sessions.</summary>
    Accounts = 1,
    Lists = 2,
    Sync = 3,
    Tokens = 4,
    Alerts = 5,
    /// <summary>API keys and the audit rows of their use.</summary>
    ApiKeys = 6,
    /// <summary>Saves that write entry change-log rows (taken by the context itself): ids commit in order.</summary>
    EntryChanges = 60,
}
