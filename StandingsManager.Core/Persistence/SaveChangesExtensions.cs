using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace StandingsManager.Core.Persistence;

internal static class SaveChangesExtensions
{
    /// <summary>
    /// Saves one workflow step. A lost optimistic-concurrency race or a unique-index clash means
    /// someone else got there first: the whole step is rolled back and the user told so.
    /// </summary>
    public static async Task SaveStepAsync(this StandingsDbContext db, string conflictMessage, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw WorkflowException.Conflict(conflictMessage);
        }
        catch (DbUpdateException ex) when (IsUniqueViolation(ex))
        {
            throw WorkflowException.Conflict(conflictMessage);
        }
    }

    private static bool IsUniqueViolation(DbUpdateException ex) => ex.InnerException switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode == 19, // SQLITE_CONSTRAINT
        DbException db => db.SqlState == "23505",               // PostgreSQL unique_violation
        _ => false,
    };
}
