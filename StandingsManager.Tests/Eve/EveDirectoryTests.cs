using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StandingsManager.App.Demo;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Persistence;
using StandingsManager.Tests.TestSupport;

namespace StandingsManager.Tests.Eve;

/// <summary>Affiliations and names, refreshed in batches from the simulated ESI over real HTTP.</summary>
public sealed class EveDirectoryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_corporation_change_reaches_the_character_and_names_are_cached()
    {
        await using var app = new StandingsAppFactory();
        _ = app.BaseAddress;
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<StandingsDbContext>>().CreateDbContextAsync(Ct))
        {
            // What we knew is stale: Mia is in Demo Holdings according to EVE.
            var mia = await db.Characters.SingleAsync(c => c.Id == DemoPersonas.Member, Ct);
            mia.CorporationId = 98_000_003;
            mia.AllianceId = null;
            await db.SaveChangesAsync(Ct);
        }
        using var scope = app.Services.CreateScope();

        await scope.ServiceProvider.GetRequiredService<EveDirectory>().RefreshCharactersAsync(null, Ct);

        var refreshed = await app.WithDbAsync(db => db.Characters.SingleAsync(c => c.Id == DemoPersonas.Member, Ct));
        Assert.Equal(DemoUniverse.HomeCorporationId, refreshed.CorporationId);
        Assert.Equal(DemoUniverse.HomeAllianceId, refreshed.AllianceId);
        var alliance = await app.WithDbAsync(db => db.EveEntities.SingleAsync(e => e.Id == DemoUniverse.HomeAllianceId, Ct));
        Assert.Equal("Demo Alliance", alliance.Name);
        Assert.Equal(EntityType.Alliance, alliance.Type);
    }

    [Fact]
    public async Task Thousands_of_characters_are_refreshed_in_batches_of_ESIs_limit()
    {
        await using var app = new StandingsAppFactory();
        _ = app.BaseAddress;
        var crowd = DemoUniverse.Crowd.Take(2_100).ToList();
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<StandingsDbContext>>().CreateDbContextAsync(Ct))
        {
            var holder = new Account { CreatedAt = DateTimeOffset.UtcNow };
            foreach (var pilot in crowd)
                holder.Characters.Add(new EveCharacter { Id = pilot.Id, Name = "unknown yet", OwnerHash = "crowd", AddedAt = DateTimeOffset.UtcNow });
            db.Accounts.Add(holder);
            await db.SaveChangesAsync(Ct);
        }
        using var scope = app.Services.CreateScope();

        var calls = await scope.ServiceProvider.GetRequiredService<EveDirectory>().RefreshCharactersAsync(crowd.Select(p => p.Id).ToList(), Ct);

        // 2,100 characters: 3 affiliation calls; 2,101 names (characters + their corporation): 3 names calls.
        Assert.Equal(6, calls);
        var names = await app.WithDbAsync(db => db.EveEntities.Where(e => e.CorporationId == DemoUniverse.CrowdCorporationId && e.Type == EntityType.Character).CountAsync(Ct));
        Assert.Equal(2_100, names);
        var sample = await app.WithDbAsync(db => db.Characters.SingleAsync(c => c.Id == crowd[1_500].Id, Ct));
        Assert.Equal(DemoUniverse.CrowdCorporationId, sample.CorporationId);
    }
}
