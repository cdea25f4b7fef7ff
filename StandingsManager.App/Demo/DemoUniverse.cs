using StandingsManager.Core.Accounts;
using StandingsManager.Core.Eve;

namespace StandingsManager.App.Demo;

/// <summary>The small simulated universe of demo mode, with a persona for every role.</summary>
public static class DemoUniverse
{
    public sealed record Persona(long Id, string Name, long CorporationId, string Blurb, Role? Role = null);
    public sealed record Organisation(long Id, string Name, EntityType Type, long? AllianceId = null, int MemberCount = 0);

    /// <summary>A pilot of the universe who is not a persona: nobody signs in as them, but ESI knows them.</summary>
    public sealed record Pilot(long Id, string Name, long CorporationId);

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
        new(CrowdCorporationId, "Crowd Industries", EntityType.Corporation, null, CrowdSize),
    ];

    public const long CrowdCorporationId = 98_000_005;
    public const int CrowdSize = 11_000;

    /// <summary>
    /// A big corporation of generated pilots, so ESI's batch limits (1000 ids per affiliation or names
    /// call) and large contact lists can be exercised in demo mode, in tests and in the benches (the scale bench's
    /// 1,000 entries and 10,000 synced characters are all crowd pilots).
    /// </summary>
    public static bool IsCrowd(long id) => id is > 91_000_000 and <= 91_000_000 + CrowdSize;

    public static IEnumerable<Pilot> Crowd =>
        Enumerable.Range(1, CrowdSize).Select(i => new Pilot(91_000_000 + i, $"Crowd Pilot {i:0000}", CrowdCorporationId));

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

    /// <summary>
    /// Pilots ESI knows who are not personas. Member counts stay consistent: Demo Holdings (5) and
    /// Neutral Traders (1) are fully covered by personas; Blue Friends Corp has 2 members of which
    /// only Bea Blue is a persona (partial coverage); Pirate Menace (12) has no persona at all.
    /// </summary>
    public static readonly IReadOnlyList<Pilot> Pilots =
    [
        new(90_000_101, "Bob Blue", 98_000_002),
        new(90_000_201, "Pete Pirate", 98_000_004),
        new(90_000_202, "Polly Plunder", 98_000_004),
    ];

    /// <summary>
    /// Mia Member has not created the <c>Standings:LabelName</c> contact label in game, so the simulated
    /// ESI gives her only her personal labels; every other persona has it. ESI cannot create labels.
    /// </summary>
    public const long PersonaWithoutStandingsLabel = 90_000_004;

    /// <summary>Gus Guest has no basic access, so nothing of his is synced.</summary>
    public const long GuestPersona = 90_000_007;

    /// <summary>Demo owner hashes are stable, so a persona always lands on the same account.</summary>
    public static string OwnerHash(long characterId) => Convert.ToBase64String(BitConverter.GetBytes(characterId * 7919));

    public static Persona? FindPersona(long id) => Personas.FirstOrDefault(p => p.Id == id);

    /// <summary>Anyone who can log in on the simulated SSO: personas, and pilots as alts to add to a persona's account.</summary>
    public static (long Id, string Name, long CorporationId)? FindLoginCharacter(long id) =>
        FindPersona(id) is { } persona ? (persona.Id, persona.Name, persona.CorporationId)
        : Pilots.FirstOrDefault(p => p.Id == id) is { } pilot ? (pilot.Id, pilot.Name, pilot.CorporationId)
        : null;
}
