namespace StandingsManager.Core.Lists;

/// <summary>A list as the Lists page shows it: the list, its entry count and the name of the character reading its source.</summary>
public sealed record ListRow(StandingsList List, int Entries, string? ReaderName);

/// <summary>One of the administrator's characters, and which in-game lists its grant can read.</summary>
public sealed record MirrorReader(long CharacterId, string Name, bool CanReadAlliance, bool CanReadCorporation);
