using StandingsManager.Core.Accounts;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Localization;
using StandingsManager.Core.Persistence;

namespace StandingsManager.Core.Audit;

internal static class AuditRecording
{
    /// <summary>The details column's length.</summary>
    internal const int MaxDetails = 2000;

    /// <summary>
    /// Adds an audit row to the caller's unit of work, so it commits with the change it describes. Details given as text
    /// are data (a person's reason, a key's prefix) and read the same in every language.
    /// </summary>
    public static void Record(this StandingsDbContext db, DateTimeOffset at, AuditAction action, Actor? actor,
        long? subjectId, EntityType? subjectType, string? subjectName, double? standing = null, string? details = null, int? listId = null) =>
        db.Audit.Add(Entry(at, action, actor, subjectId, subjectType, subjectName, standing, details, null, listId));

    /// <summary>Likewise, with details in our words, kept in every language so each reader reads their own.</summary>
    public static void Record(this StandingsDbContext db, DateTimeOffset at, AuditAction action, Actor? actor,
        long? subjectId, EntityType? subjectType, string? subjectName, double? standing, Phrase details, int? listId = null)
    {
        var texts = details.Capture(MaxDetails);
        db.Audit.Add(Entry(at, action, actor, subjectId, subjectType, subjectName, standing, texts.English, texts.ToJson(), listId));
    }

    private static AuditEntry Entry(DateTimeOffset at, AuditAction action, Actor? actor, long? subjectId, EntityType? subjectType,
        string? subjectName, double? standing, string? details, string? detailsTexts, int? listId) => new()
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
        DetailsTexts = detailsTexts,
        ListId = listId,
    };
}
