using Microsoft.EntityFrameworkCore;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Lists;
using StandingsManager.Core.Standings;
using static StandingsManager.Tests.TestSupport.CoreTestDatabase;

namespace StandingsManager.Tests.Requests;

/// <summary>What the queues show an approver to decide on: the requester behind a request, the entry behind a revocation.</summary>
public sealed class QueueContextTests
{
    private const long Corp = 98_000_010;
    private const long Alliance = 99_000_010;
    private const long AliceSecondAlt = 1003;

    [Fact]
    public async Task A_request_shows_the_requesters_main_corporation_alliance_main_or_alt_and_other_characters()
    {
        // Alice's alliance is one of the organisation's, so she stays a Member whom the list reaches.
        await using var t = await CreateAsync(o => o.Organization.AllianceIds = [HomeAllianceId, Alliance]);
        var cast = await t.SeedCastAsync();
        await t.AddCharacterAsync(cast.Alice, AliceSecondAlt, "Alice Cyno");
        await using (var db = t.CreateDbContext())
        {
            var main = await db.Characters.SingleAsync(c => c.Id == Cast.AliceMain, Ct);
            (main.CorporationId, main.AllianceId) = (Corp, Alliance);
            db.EveEntities.AddRange(
                new EveEntity { Id = Corp, Name = "Alice Industries", Type = EntityType.Corporation, UpdatedAt = Start },
                new EveEntity { Id = Alliance, Name = "Alice Alliance", Type = EntityType.Alliance, UpdatedAt = Start });
            await db.SaveChangesAsync(Ct);
        }
        await t.Requests.RequestForCharacterAsync(cast.Alice, Cast.AliceAlt, Ct);
        await t.Requests.RequestForCharacterAsync(cast.Alice, Cast.AliceMain, Ct);
        await t.Requests.RequestForCharacterAsync(cast.Bob, Cast.BobMain, Ct);

        var rows = (await t.Queries.PendingRequestsAsync(cast.Carol, null, 0, 25, Ct)).Items;

        Assert.Equal(
        [
            ("Alice Alt", "Alice Main", "Alice Industries", "Alice Alliance", (bool?)false, "Alice Cyno"),
            ("Alice Main", "Alice Main", "Alice Industries", "Alice Alliance", true, "Alice Alt, Alice Cyno"),
            ("Bob Main", "Bob Main", null, $"Alliance {HomeAllianceId}", true, ""),
        ], rows.Select(r => (r.EntityName, r.RequesterMain, r.RequesterCorporation, r.RequesterAlliance, r.SubjectIsMain, string.Join(", ", r.OtherCharacters))));
    }

    [Fact]
    public async Task A_revocation_shows_the_standing_and_expiry_of_its_entry_or_that_it_is_gone()
    {
        await using var t = await CreateAsync();
        var cast = await t.SeedCastAsync();
        var expiry = new DateTimeOffset(2027, 1, 31, 0, 0, 0, TimeSpan.Zero);
        await t.GrantViaRequestAsync(cast, Cast.AliceAlt, -2.5);
        var mainEntry = await t.GrantViaRequestAsync(cast, Cast.AliceMain, 3);
        var bobs = await t.Requests.RequestForCharacterAsync(cast.Bob, Cast.BobMain, Ct);
        await t.Requests.ApproveAsync(cast.Carol, bobs, 7, null, Ct);
        await using (var db = t.CreateDbContext())
        {
            var bobEntry = await db.Standings.SingleAsync(e => e.EntityId == Cast.BobMain, Ct);
            await t.Admin.BulkAsync(StandingsList.FirstListId, cast.Frank, [new(bobEntry.Id, bobEntry.Version)], BulkChange.SetExpiry(expiry), "trial", Ct);
        }
        await t.Revocations.RequestRemovalOfCharacterAsync(cast.Alice, Cast.AliceAlt, Ct);
        await t.Revocations.RequestRemovalOfCharacterAsync(cast.Alice, Cast.AliceMain, Ct);
        await t.Revocations.RequestRemovalOfCharacterAsync(cast.Bob, Cast.BobMain, Ct);
        // An administrator removes Alice's main directly while its removal waits.
        await t.Admin.RemoveAsync(cast.Frank, mainEntry, 0, "cleanup", Ct);

        var rows = (await t.Queries.PendingRevocationsAsync(cast.Carol, null, 0, 25, Ct)).Items;

        Assert.Equal(
        [
            ("Alice Alt", (double?)-2.5, (DateTimeOffset?)null),
            ("Alice Main", null, null),
            ("Bob Main", 7.0, expiry),
        ], rows.Select(r => (r.EntityName, r.Standing, r.ExpiresAt)));
    }
}
