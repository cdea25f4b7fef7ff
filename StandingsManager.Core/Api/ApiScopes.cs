namespace StandingsManager.Core.Api;

/// <summary>What a key may read.</summary>
public static class ApiScopes
{
    public const string StandingsRead = "standings:read";
    public const string AuditRead = "audit:read";

    public static readonly IReadOnlyList<string> All = [StandingsRead, AuditRead];

    /// <summary>The claim type an authenticated key's scopes travel in.</summary>
    public const string ClaimType = "scope";
}
