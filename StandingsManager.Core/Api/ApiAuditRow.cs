namespace StandingsManager.Core.Api;

/// <summary>
/// One audit row for the API: the action's identifier (as the filter takes it) and its words, names as they were,
/// never an account id. <paramref name="SubjectType"/>: Character, Corporation or Alliance when the subject is in EVE.
/// </summary>
public sealed record ApiAuditRow(
    long Id,
    DateTimeOffset At,
    string Action,
    string ActionText,
    int? ListId,
    string ActorName,
    long? SubjectId,
    string? SubjectType,
    string? SubjectName,
    double? Standing,
    string? Details);
