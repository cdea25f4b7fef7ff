namespace StandingsManager.Core.Api;

/// <summary>
/// A key another program uses on <c>/api/v1</c>. Only the SHA-256 of the key is kept (the key is random and long, so a
/// fast hash is enough); <see cref="Prefix"/> is its first characters, not secret, so people can tell keys apart.
/// </summary>
public sealed class ApiKey
{
    public const int NameLength = 100;

    public int Id { get; set; }
    public required string Name { get; set; }
    /// <summary>Space-separated scopes (<see cref="ApiScopes"/>).</summary>
    public required string Scopes { get; set; }
    /// <summary>Lower-case hex SHA-256 of the whole key; unique.</summary>
    public required string KeyHash { get; set; }
    public required string Prefix { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public int? CreatedByAccountId { get; set; }
    public required string CreatedByName { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public string? RevokedByName { get; set; }
    /// <summary>Updated at most once a minute (<see cref="ApiKeys.LastUsedPrecision"/>), so a busy key does not write on every call.</summary>
    public DateTimeOffset? LastUsedAt { get; set; }
}
