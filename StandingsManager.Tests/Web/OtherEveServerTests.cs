using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StandingsManager.App.Demo;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Eve.Sso;
using StandingsManager.Core.Sync;
using StandingsManager.Tests.TestSupport;

namespace StandingsManager.Tests.Web;

/// <summary>
/// A production-configured app (Eve:ClientId set) whose Eve:SsoBaseUrl and Eve:EsiBaseUrl point at
/// another EVE-compatible server, here a second instance's simulator: it works there as against EVE.
/// </summary>
public sealed class OtherEveServerTests : IAsyncLifetime
{
    private readonly StandingsAppFactory _eve = new();
    private StandingsAppFactory _app = null!;

    public ValueTask InitializeAsync()
    {
        var eve = _eve.BaseAddress.ToString().TrimEnd('/');
        _app = new StandingsAppFactory(new()
        {
            ["Eve:ClientId"] = DemoEve.ClientId,
            ["Eve:ClientSecret"] = DemoEve.ClientSecret,
            ["Eve:SsoBaseUrl"] = eve,
            ["Eve:EsiBaseUrl"] = eve,
            ["Eve:UserAgentContact"] = "tests@example.org",
            // That server keeps no daily downtime. Without this, a run between 10:58 and 11:20 UTC (real clock) waits
            // in the gate until 11:20, as the app rightly would against Tranquility.
            ["Esi:DowntimeStart"] = "00:00:00",
            ["Esi:DowntimeEnd"] = "00:00:00",
            // The other server's demo alliance is this organisation, so its members have basic access and may sync.
            ["Standings:Organization:AllianceIds:0"] = DemoUniverse.HomeAllianceId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _eve.DisposeAsync();
    }

    [Fact]
    public async Task Signs_in_adds_a_character_and_reads_its_contacts_there()
    {
        using var browser = new DemoSignIn(_app.BaseAddress);

        // Sign in: the browser goes to the other server's authorize page, not to our own.
        await browser.SignInAsync(DemoPersonas.Member, "/characters");
        var page = await browser.Client.GetStringAsync("/characters", TestContext.Current.CancellationToken);
        Assert.Contains("Mia Member", page, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"demo-banner\"", page, StringComparison.Ordinal);

        // Add character: asks for the contact scopes and stores the grant.
        await browser.AddCharacterAsync(DemoPersonas.Member);
        Assert.Contains(EveScopes.ReadContacts, browser.LastRequestedScopes, StringComparison.Ordinal);
        Assert.Contains(EveScopes.WriteContacts, browser.LastRequestedScopes, StringComparison.Ordinal);
        var grant = await _app.WithDbAsync(db => db.Tokens.SingleAsync(t => t.CharacterId == DemoPersonas.Member, TestContext.Current.CancellationToken));
        Assert.Equal(TokenStatus.Valid, grant.Status);

        // Read contacts there: a token refresh at the other SSO, then ESI calls to the other server.
        var accountId = await _app.AccountOfAsync(DemoPersonas.Member);
        using var scope = _app.Services.CreateScope();
        var snapshot = await scope.ServiceProvider.GetRequiredService<ContactsInspector>().InspectAsync(accountId, DemoPersonas.Member, TestContext.Current.CancellationToken);
        Assert.True(snapshot.Contacts > 0);
        Assert.True(snapshot.EsiCalls >= 2);
    }

    [Fact]
    public async Task Syncs_an_approved_standing_into_a_characters_contacts_there()
    {
        const long member = DemoPersonas.MemberWithPendingRequest;
        const long pirate = 90_000_202; // Polly Plunder: known to the other server, not yet one of the member's contacts
        using var browser = new DemoSignIn(_app.BaseAddress);
        await browser.SignInAsync(member, "/characters");
        await browser.AddCharacterAsync(member);
        await _app.WithDbAsync(async db =>
        {
            db.Standings.Add(new StandingsManager.Core.Standings.StandingsEntry
            {
                EntityId = pirate, EntityType = StandingsManager.Core.Eve.EntityType.Character, EntityName = "Polly Plunder", Standing = -10,
                AddedByName = "Test", AddedAt = DateTimeOffset.UtcNow,
            });
            return await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        });

        // Add to sync: the scheduler of this instance writes the entry through the other server's ESI.
        await _app.Services.GetRequiredService<SyncCommands>().AddAsync(await _app.AccountOfAsync(member), member, TestContext.Current.CancellationToken);
        var store = _eve.Services.GetRequiredService<StandingsManager.App.Demo.Esi.DemoEsiStore>();
        var safety = System.Diagnostics.Stopwatch.StartNew();
        while (!store.Contacts(member).Any(c => c.ContactId == pirate))
        {
            if (safety.Elapsed > TimeSpan.FromMinutes(1))
                Assert.Fail("Safety net: the contact did not reach the other server within a minute of real time.");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        var written = store.Contacts(member).Single(c => c.ContactId == pirate);
        Assert.Equal(-10, written.Standing);
        Assert.Contains(StandingsManager.App.Demo.Esi.DemoEsiStore.StandingsLabelId, written.LabelIds);
        var ledger = await _app.WithDbAsync(db => db.ManagedContacts.Where(m => m.CharacterId == member).Select(m => m.ContactId).ToListAsync(TestContext.Current.CancellationToken));
        Assert.Equal([pirate], ledger);
    }
}
