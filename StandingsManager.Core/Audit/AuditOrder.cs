namespace StandingsManager.Core.Audit;

internal static class AuditOrder
{
    /// <summary>
    /// Newest first by when the action happened, not by insertion: rows can be written after later ones (the demo
    /// seeds history last). Id breaks ties. The index on At holds the row id too, so SQLite walks it without sorting.
    /// </summary>
    public static IOrderedQueryable<AuditEntry> NewestFirst(this IQueryable<AuditEntry> query) =>
        query.OrderByDescending(a => a.At).ThenByDescending(a => a.Id);
}
