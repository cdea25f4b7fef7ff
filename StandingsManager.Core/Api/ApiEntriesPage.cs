namespace StandingsManager.Core.Api;

/// <summary>A page of a list's entries; pages count from 1.</summary>
public sealed record ApiEntriesPage(int ListId, int Page, int PageSize, int Total, IReadOnlyList<ApiEntry> Entries);
