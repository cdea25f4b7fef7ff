using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace StandingsManager.Core.Persistence;

internal static class SaveChangesExtensions
{
    // SQLite's extended result codes for the two clashes a rival's commit can cause.
    private const int SqliteUniqueViolation = 2067;     // SQLITE_CONSTRAINT_UNIQUE
    private const int SqlitePrimaryKeyViolation = 1555; // SQLITE_CONSTRAINT_PRIMARYKEY
    private const string PostgresUniqueViolation = "23505";

    /// <summary>
    /// Saves one workflow step. A lost optimistic-concurrency race or a unique-index clash means
    /// someone else got there first: the whole step is rolled back and the user told so. Any other
    /// broken database rule (a foreign key, a check, a trigger) is a bug in our code, not a race:
    /// it goes up as it is, to be logged and shown as a generic error.
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
        SqliteException sqlite => sqlite.SqliteExtendedErrorCode is SqliteUniqueViolation or SqlitePrimaryKeyViolation,
        DbException db => db.SqlState == PostgresUniqueViolation,
        _ => false,
    };
}
