using Microsoft.EntityFrameworkCore;
using StandingsManager.Core;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Eve.Sso;
using StandingsManager.Core.Requests;
using static StandingsManager.Tests.TestSupport.CoreTestDatabase;

namespace StandingsManager.Tests.Requests;

public sealed class CorporationRequestTests
{
    private const long Corp = 98_100_001;

    /// <summary>Alice's two characters sit in the corporation, each with a grant of the given scopes (null: no grant).</summary>
    private static async Task<(CoreTestDatabase Database, Cast Cast)> SetUpAsync(int memberCount, string? mainScopes, string? altScopes, TokenStatus altStatus = TokenStatus.Valid)
    {
        var database = await CreateAsync();
        var cast = await database.SeedCastAsync();
        database.Corporations.Set(Corp, "Alice Industries", memberCount);
        await using var db = database.CreateDbContext();
        foreach (var (id, scopes, status) in new[] { (Cast.AliceMain, mainScopes, TokenStatus.Valid), (Cast.AliceAlt, altScopes, altStatus) })
        {
            (await db.Characters.SingleAsync(c => c.Id == id, Ct)).CorporationId = Corp;
            if (scopes is not null)
                db.Tokens.Add(new EveToken { CharacterId = id, EncryptedRefreshToken = "x", Scopes = scopes, Status = status, UpdatedAt = Start });
        }
        await db.SaveChangesAsync(Ct);
        return (database, cast);
    }

    private static readonly string Contacts = string.Join(' ', EveScopes.Contacts);

    [Fact]
    public async Task Full_coverage_files_a_corporation_request()
    {
        var (database, cast) = await SetUpAsync(memberCount: 2, Contacts, Contacts);
        await using var _ = database;

        var requestId = await database.Requests.RequestForCorporationAsync(cast.Alice, Corp, Ct);

        var request = await database.RequestAsync(requestId);
        Assert.Equal(EntityType.Corporation, request.EntityType);
        Assert.Equal("Alice Industries", request.EntityName);
        Assert.Equal(RequestStatus.Pending, request.Status);
        await using var db = database.CreateDbContext();
        Assert.Contains("Coverage 2 of 2", (await db.Audit.SingleAsync(a => a.SubjectId == Corp, Ct)).Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Partial_coverage_is_refused_and_says_what_is_missing()
    {
        var (database, cast) = await SetUpAsync(memberCount: 3, Contacts, EveScopes.ReadContacts);
        await using var _ = database;

        var coverage = await database.Requests.CorporationCoverageAsync(cast.Alice, Corp, Ct);
        var refusal = await database.RefusedAsync(WorkflowError.Forbidden, () => database.Requests.RequestForCorporationAsync(cast.Alice, Corp, Ct));

        Assert.Equal(1, coverage.Covered);
        Assert.Equal(3, coverage.MemberCount);
        Assert.Equal(1, coverage.NotAdded);
        Assert.Equal("You cover 1 of 3 members of Alice Industries; missing: Alice Alt (missing scopes esi-characters.write_contacts.v1), 1 member you have not added.", refusal.Message);
    }

    [Fact]
    public async Task Characters_without_a_valid_grant_do_not_count()
    {
        var (database, cast) = await SetUpAsync(memberCount: 2, mainScopes: null, Contacts, altStatus: TokenStatus.Invalid);
        await using var _ = database;

        var coverage = await database.Requests.CorporationCoverageAsync(cast.Alice, Corp, Ct);

        Assert.Equal(0, coverage.Covered);
        Assert.Equal(["Alice Alt", "Alice Main"], coverage.Characters.Select(c => c.Name));
        Assert.All(coverage.Characters, c => Assert.False(c.Covered));
        Assert.Contains("no longer valid", coverage.Characters[0].Problem, StringComparison.Ordinal);
        Assert.Contains("no grant", coverage.Characters[1].Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_member_count_is_asked_fresh_each_time()
    {
        var (database, cast) = await SetUpAsync(memberCount: 2, Contacts, Contacts);
        await using var _ = database;
        Assert.True((await database.Requests.CorporationCoverageAsync(cast.Alice, Corp, Ct)).IsComplete);

        // Someone joined the corporation since the coverage was shown.
        database.Corporations.Set(Corp, "Alice Industries", 3);
        var refusal = await database.RefusedAsync(WorkflowError.Forbidden, () => database.Requests.RequestForCorporationAsync(cast.Alice, Corp, Ct));

        Assert.Contains("2 of 3", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(2, database.Corporations.Lookups);
    }

    [Theory]
    [InlineData(1_000_000)]
    [InlineData(1_000_125)]
    [InlineData(2_000_000)]
    public async Task NPC_corporations_cannot_be_requested(long npcCorporation)
    {
        var (database, cast) = await SetUpAsync(memberCount: 2, Contacts, Contacts);
        await using var _ = database;

        var refusal = await database.RefusedAsync(WorkflowError.Invalid, () => database.Requests.RequestForCorporationAsync(cast.Alice, npcCorporation, Ct));

        Assert.Contains("NPC corporations", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(0, database.Corporations.Lookups);
    }

    [Fact]
    public async Task A_corporation_with_a_standing_or_a_pending_request_is_refused()
    {
        var (database, cast) = await SetUpAsync(memberCount: 2, Contacts, Contacts);
        await using var _ = database;
        await database.Requests.RequestForCorporationAsync(cast.Alice, Corp, Ct);

        var refusal = await database.RefusedAsync(WorkflowError.Conflict, () => database.Requests.RequestForCorporationAsync(cast.Alice, Corp, Ct));

        Assert.Contains("already pending", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_state_with_scope_requirements_needs_them_granted_before_a_character_request()
    {
        await using var database = await CreateAsync(o => o.ScopeRequirements = new() { ["Member"] = ["esi-characters.read_standings.v1"] });
        var cast = await database.SeedCastAsync();

        var refusal = await database.RefusedAsync(WorkflowError.Forbidden, () => database.Requests.RequestForCharacterAsync(cast.Alice, Cast.AliceAlt, Ct));
        await using (var db = database.CreateDbContext())
        {
            db.Tokens.Add(new EveToken { CharacterId = Cast.AliceAlt, EncryptedRefreshToken = "x", Scopes = "esi-characters.read_standings.v1", UpdatedAt = Start });
            await db.SaveChangesAsync(Ct);
        }
        var requestId = await database.Requests.RequestForCharacterAsync(cast.Alice, Cast.AliceAlt, Ct);

        Assert.Contains("must first grant esi-characters.read_standings.v1", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(RequestStatus.Pending, (await database.RequestAsync(requestId)).Status);
    }
}
