namespace StandingsManager.Core.Eve;

public enum EntityType
{
    Character = 0,
    Corporation = 1,
    Alliance = 2,
}

/// <summary>Cached name and affiliation of a character, corporation or alliance.</summary>
public sealed class EveEntity
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public EntityType Type { get; set; }
    public long? CorporationId { get; set; }
    public long? AllianceId { get; set; }
    public int? MemberCount { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
