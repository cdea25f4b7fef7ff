using Microsoft.EntityFrameworkCore;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Localization;
using StandingsManager.Core.Persistence;

namespace StandingsManager.Core.Requests;

/// <summary>Public facts about a corporation, asked of EVE at the moment they matter.</summary>
public sealed record CorporationFacts(long Id, string Name, int MemberCount, long? AllianceId);

/// <summary>Where corporation facts come from (ESI in the app).</summary>
public interface ICorporationDirectory
{
    Task<CorporationFacts> GetCorporationAsync(long corporationId, CancellationToken ct);
}

public sealed record CoveredCharacter(long CharacterId, string Name, bool Covered, string? Problem);

/// <summary>How many members of a corporation the requester holds valid grants for: "n of m".</summary>
public sealed record CorporationCoverage(CorporationFacts Corporation, IReadOnlyList<CoveredCharacter> Characters)
{
    public int Covered => Characters.Count(c => c.Covered);
    public int MemberCount => Corporation.MemberCount;
    /// <summary>Members the requester has not added to the app at all.</summary>
    public int NotAdded => Math.Max(0, MemberCount - Characters.Count);
    public bool IsComplete => MemberCount > 0 && Covered >= MemberCount;

    public const long NpcCorporationMin = 1_000_000;
    public const long NpcCorporationMax = 2_000_000;
    public static bool IsNpcCorporation(long corporationId) => corporationId is >= NpcCorporationMin and <= NpcCorporationMax;

    /// <summary>What is missing, in words a requester can act on.</summary>
    public string Describe()
    {
        var parts = Characters.Where(c => !c.Covered).Select(c => $"{c.Name} ({c.Problem})").ToList();
        if (NotAdded > 0)
            parts.Add(CoreText.Plural("Coverage.NotAdded", NotAdded));
        return parts.Count == 0
            ? CoreText.Plural("Coverage.Summary", MemberCount, Covered, Corporation.Name)
            : CoreText.Plural("Coverage.SummaryMissing", MemberCount, Covered, Corporation.Name, string.Join(", ", parts));
    }

    /// <summary>The requester's characters in the corporation, each covered only by a valid grant with every required scope.</summary>
    public static async Task<CorporationCoverage> ComputeAsync(StandingsDbContext db, int accountId, CorporationFacts corporation,
        IReadOnlyList<string> requiredScopes, CancellationToken ct)
    {
        var characters = await db.Characters.AsNoTracking()
            .Where(c => c.AccountId == accountId && c.CorporationId == corporation.Id)
            .OrderBy(c => c.Name)
            .ToListAsync(ct);
        var ids = characters.Select(c => c.Id).ToList();
        var grants = await db.Tokens.AsNoTracking().Where(t => ids.Contains(t.CharacterId)).ToDictionaryAsync(t => t.CharacterId, ct);
        var rows = characters.Select(c =>
        {
            var check = GrantCheck.Of(grants.GetValueOrDefault(c.Id), requiredScopes);
            return check.Problem switch
            {
                GrantProblem.NotGranted => new CoveredCharacter(c.Id, c.Name, false, CoreText.Get("Coverage.Problem.NotGranted")),
                GrantProblem.NoLongerValid => new CoveredCharacter(c.Id, c.Name, false, CoreText.Get("Coverage.Problem.NoLongerValid")),
                GrantProblem.MissingScopes => new CoveredCharacter(c.Id, c.Name, false, CoreText.Format("Coverage.Problem.MissingScopes", string.Join(", ", check.Missing))),
                _ => new CoveredCharacter(c.Id, c.Name, true, null),
            };
        }).ToList();
        return new CorporationCoverage(corporation, rows);
    }
}
