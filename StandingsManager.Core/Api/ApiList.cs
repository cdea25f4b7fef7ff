namespace StandingsManager.Core.Api;

/// <summary>A list as the API describes it. <paramref name="Source"/>: Requests, InGameContacts or WarTargets.</summary>
public sealed record ApiList(int Id, string Name, string Source, string LabelName, bool Enabled, int Priority, double DefaultStanding, int EntryCount);
