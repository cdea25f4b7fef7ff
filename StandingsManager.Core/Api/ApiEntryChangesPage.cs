namespace StandingsManager.Core.Api;

/// <summary>
/// A list's entries changed since a cursor, each once, in the order of their last change. <paramref name="More"/>: the
/// page was full, so read again at once with the new cursor.
/// </summary>
public sealed record ApiEntryChangesPage(int ListId, bool More, IReadOnlyList<ApiEntryChange> Changes);
