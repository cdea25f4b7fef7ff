using StandingsManager.Core.Accounts;
using StandingsManager.Core.Eve;

namespace StandingsManager.App.Demo;

/// <summary>The small simulated universe of demo mode, with a persona for every role.</summary>
public static class DemoUniverse
{
    public sealed record Persona(long Id, string Name, long CorporationId, string Blurb, Role? Role = null);
    public sealed record Organisation(long Id, string Name, EntityType Type, long? AllianceId = null, int MemberCount = 0);

    public const long HomeAllianceId = 99_000_001;
    public const long HomeCorporationId = 98_000_001;

    public static readonly IReadOnlyList<Organisation> Organisations =
    [
        new(HomeAllianceId, "Demo Alliance", EntityType.Alliance),
        new(99_000_002, "Friendly Coalition", EntityType.Alliance),
        new(HomeCorporationId, "Demo Holdings", EntityType.Corporation, HomeAllianceId, 5),
        new(98_000_002, "Blue Friends Corp", EntityType.Corporation, 99_000_002, 2),
        new(98_000_003, "Neutral Traders", EntityType.Corporation, null, 1),
        new(98_000_004, "Pirate Menace", EntityType.Corporation, null, 12),
    ];

    public static readonly IReadOnlyList<Persona> Personas =
    [
        new(90_000_001, "Ada Admiral", HomeCorporationId, "Administrator: edits the list, grants roles", Role.Administrator),
        new(90_000_002, "Abe Approver", HomeCorporationId, "Approver: decides requests and revocations", Role.Approver),
        new(90_000_003, "Aud Auditor", HomeCorporationId, "Auditor: reads the audit log", Role.Auditor),
        new(90_000_004, "Mia Member", HomeCorporationId, "Member with no standing yet"),
        new(90_000_005, "Milo Member", HomeCorporationId, "Member with a pending request"),
        new(90_000_006, "Bea Blue", 98_000_002, "Blue pilot with an approved standing"),
        new(90_000_007, "Gus Guest", 98_000_003, "Guest from a neutral corporation"),
    ];

    /// <summary>Demo owner hashes are stable, so a persona always lands on the same account.</summary>
    public static string OwnerHash(long characterId) => Convert.ToBase64String(BitConverter.GetBytes(characterId * 7919));

    public static Persona? FindPersona(long id) => Personas.FirstOrDefault(p => p.Id == id);
}
