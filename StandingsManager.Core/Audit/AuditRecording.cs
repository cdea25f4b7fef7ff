using StandingsManager.Core.Accounts;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Persistence;

namespace StandingsManager.Core.Audit;

internal static class AuditRecording
{
    /// <summary>Adds an audit row to the caller's unit of work, so it commits with the change it describes.</summary>
    public static void Record(this StandingsDbContext db, DateTimeOffset at, AuditAction action, Actor? actor,
        long? subjectId, EntityType? subjectType, string? subjectName, double? standing = null, string? details = null, int? listId = null) =>
        db.Audit.Add(new AuditEntry
        {
            At = at,
            Action = action,
            ActorAccountId = actor?.AccountId,
            ActorName = actor?.Name ?? "System",
            SubjectId = subjectId,
            SubjectType = subjectType,
            SubjectName = subjectName,
            Standing = standing,
            Details = details,
            ListId = listId,
        });
}
