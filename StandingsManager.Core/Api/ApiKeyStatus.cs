namespace StandingsManager.Core.Api;

/// <summary>What a presented key turned out to be.</summary>
public enum ApiKeyStatus
{
    Valid,
    Unknown,
    Expired,
    Revoked,
}
