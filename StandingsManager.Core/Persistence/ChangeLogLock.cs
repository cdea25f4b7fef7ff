using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace StandingsManager.Core.Persistence;

/// <summary>
/// Takes the entry change log's lock as the last step before a save's commands run. Taken any earlier (before EF's
/// own save began), a context whose save waits on something else in the same flow, another context's save, would wait
/// on itself.
/// </summary>
internal sealed class ChangeLogLock : SaveChangesInterceptor
{
    public static readonly ChangeLogLock Instance = new();

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is StandingsDbContext { LocksChangeLog: true } db)
            await db.LockChangeLogAsync(cancellationToken);
        return result;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is StandingsDbContext { LocksChangeLog: true } db)
            db.LockChangeLog();
        return result;
    }
}
