namespace StandingsManager.Core.Eve.Esi;

// Wire shapes for compatibility date 2026-08-18. Only the fields the app uses are required, so an
// optional field ESI drops (or a simulator leaves out) does not fail a whole sync.

/// <summary>One entry of <c>GET /characters/{character_id}/contacts</c>.</summary>
public sealed record EsiContact(
    long ContactId,
    string ContactType,
    double Standing,
    IReadOnlyList<long>? LabelIds = null,
    bool? IsWatched = null,
    // ESI: a missing value means unknown, not false.
    bool? IsBlocked = null);

/// <summary>One entry of <c>GET /characters/{character_id}/contacts/labels</c>. Label ids are opaque.</summary>
public sealed record EsiContactLabel(long LabelId, string LabelName);

public sealed record EsiAffiliation(long CharacterId, long CorporationId, long? AllianceId = null, long? FactionId = null);

public sealed record EsiName(long Id, string Name, string Category);

public sealed record EsiIdName(long Id, string Name);

/// <summary>Exact-match results of <c>POST /universe/ids</c>; names ESI did not know are simply absent.</summary>
public sealed record EsiResolvedIds(
    IReadOnlyList<EsiIdName> Characters,
    IReadOnlyList<EsiIdName> Corporations,
    IReadOnlyList<EsiIdName> Alliances,
    IReadOnlyList<EsiIdName> Factions);

public sealed record EsiCharacter(string Name, long CorporationId, long? AllianceId = null, long? FactionId = null);

public sealed record EsiCorporation(string Name, string Ticker, long MemberCount, long? AllianceId = null, long? CeoId = null);

public sealed record EsiAlliance(string Name, string Ticker, long? ExecutorCorporationId = null);

public sealed record EsiServerStatus(long Players, string ServerVersion, DateTimeOffset StartTime, bool? Vip = null);

/// <summary>A read plus how many HTTP requests it took, so the sync engine can count ESI calls per run.</summary>
public sealed record EsiResult<T>(T Value, int Calls);

/// <summary>A conditional read: when <see cref="NotModified"/> is true, <see cref="Items"/> is empty and the caller keeps what it has.</summary>
/// <param name="Expires">ESI's <c>Expires</c> of the (first) page: the data will not change before it.</param>
public sealed record EsiConditionalResult<T>(bool NotModified, IReadOnlyList<T> Items, string? ETag, int Calls, DateTimeOffset? Expires = null);

/// <summary>A write that returns nothing but the number of HTTP requests made.</summary>
public sealed record EsiWriteResult(int Calls);

internal sealed record EsiUniverseIdsWire(
    IReadOnlyList<EsiIdName>? Characters = null,
    IReadOnlyList<EsiIdName>? Corporations = null,
    IReadOnlyList<EsiIdName>? Alliances = null,
    IReadOnlyList<EsiIdName>? Factions = null);

internal sealed record EsiErrorWire(string? Error = null);

/// <summary>One side of a war (<c>aggressor</c>, <c>defender</c>): exactly one of the two ids is set.</summary>
public sealed record EsiWarParty(long? AllianceId = null, long? CorporationId = null, double? IskDestroyed = null, long? ShipsKilled = null);

/// <summary>An ally of the defender. ESI gives allies no dates (esi-issues #151) and may list ended ones until the war ends (#549).</summary>
public sealed record EsiWarAlly(long? AllianceId = null, long? CorporationId = null);

/// <summary><c>GET /wars/{war_id}</c>: <c>started</c> is absent or in the future while the war is pending; <c>finished</c> may be in the future.</summary>
public sealed record EsiWar(
    long Id,
    DateTimeOffset Declared,
    EsiWarParty Aggressor,
    EsiWarParty Defender,
    bool Mutual,
    bool OpenForAllies,
    DateTimeOffset? Started = null,
    DateTimeOffset? Finished = null,
    DateTimeOffset? Retracted = null,
    IReadOnlyList<EsiWarAlly>? Allies = null);

/// <summary>What an answer said about its rate-limit bucket (<c>X-Ratelimit-*</c>); null where a response carried none.</summary>
public sealed record EsiRateLimit(string Group, int MaxTokens, TimeSpan Window, int Remaining, int Used);

/// <summary>
/// A conditional read of a cached public route: <see cref="Value"/> is null when <see cref="NotModified"/> (a 304, the caller keeps
/// what it has). <see cref="Expires"/> is ESI's: reading again before it would only return the same answer.
/// </summary>
public sealed record EsiCachedRead<T>(bool NotModified, T? Value, string? ETag, DateTimeOffset? Expires, EsiRateLimit? RateLimit, int Calls) where T : class;
