namespace StandingsManager.Core.Persistence;

/// <summary>One row that says what kind of installation a database belongs to.</summary>
public sealed class Installation
{
    public int Id { get; set; } = 1;
    public bool IsDemo { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
