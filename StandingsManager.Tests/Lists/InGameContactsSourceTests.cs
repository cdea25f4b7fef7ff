using StandingsManager.Tests.TestSupport;
using StandingsManager.Core.Localization;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using StandingsManager.App.Demo;
using StandingsManager.App.Demo.Esi;
using StandingsManager.Core;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Audit;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Eve.Sso;
using StandingsManager.Core.Lists;

namespace StandingsManager.Tests.Lists;

/// <summary>
/// A list following the demo alliance's in-game contacts, read over real HTTP from the simulated ESI through Abe Approver's
/// character (linked to the administrator Frank), on SQLite and one fake clock. The alliance's list: a faction (left out),
/// Bob Blue +5, Pirate Menace −5, Friendly Coalition +10.
/// </summary>
public sealed class InGameContactsSourceTests : IAsyncLifetime
{
    private const long BobBlue = 90_000_101;
    private const long PirateMenace = 98_000_004;
    private const long FriendlyCoalition = 99_000_002;
    private const string Mirrored = "mirrored from the in-game contacts of Demo Alliance";

    private ListsRig _r = null!;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _r = await ListsRig.CreateAsync();

    public async ValueTask DisposeAsync() => await _r.DisposeAsync();

    private async Task<Dictionary<long, double>> EntriesAsync(int listId)
    {
        await using var db = _r.T.CreateDbContext();
        return await db.Standings.AsNoTracking().Where(e => e.ListId == listId).ToDictionaryAsync(e => e.EntityId, e => e.Standing, Ct);
    }

    private async Task<List<AuditEntry>> AuditAsync(int listId, params AuditAction[] actions)
    {
        await using var db = _r.T.CreateDbContext();
        return await db.Audit.AsNoTracking().Where(a => a.ListId == listId && actions.Contains(a.Action)).OrderBy(a => a.Id).ToListAsync(Ct);
    }

    private Task<IReadOnlyList<MirrorOutcome>> ReadDueAsync() => _r.Esi.PumpAsync(_r.Source.ReadDueAsync(Ct));

    [Fact]
    public async Task A_new_list_is_read_at_once_with_one_audit_row_per_contact()
    {
        var id = await _r.CreateMirrorAsync();

        var outcome = Assert.Single(await ReadDueAsync());

        Assert.Equal((MirrorResult.Read, 3), (outcome.Result, outcome.Changes!.Added));
        Assert.Equal(new Dictionary<long, double> { [BobBlue] = 5, [PirateMenace] = -5, [FriendlyCoalition] = 10 }, await EntriesAsync(id));
        var rows = await AuditAsync(id, AuditAction.EntryAdded);
        Assert.Equal([BobBlue, PirateMenace, FriendlyCoalition], rows.Select(r => r.SubjectId!.Value).Order());
        Assert.All(rows, r => Assert.Equal((Mirrored, "System"), (r.Details, r.ActorName)));
        await using var db = _r.T.CreateDbContext();
        Assert.Equal("Bob Blue", (await db.Standings.SingleAsync(e => e.ListId == id && e.EntityId == BobBlue, Ct)).EntityName);
        var list = await _r.ListAsync(id);
        Assert.Equal(_r.Time.GetUtcNow(), list.SourceReadAt);
        Assert.NotNull(list.SourceETag);
        Assert.True(list.SourceExpiresAt > _r.Time.GetUtcNow());
    }

    [Fact]
    public async Task It_reads_again_only_after_the_interval_and_never_before_Expires_and_Read_now_says_when()
    {
        var id = await _r.CreateMirrorAsync();
        await ReadDueAsync();
        var expires = (await _r.ListAsync(id)).SourceExpiresAt!.Value;

        Assert.Empty(await ReadDueAsync());
        var early = await Assert.ThrowsAsync<WorkflowException>(() => _r.Source.ReadNowAsync(_r.Cast.Frank, id, Ct));
        Assert.Equal($"EVE serves Demo Alliance's contacts from its cache until {expires.UtcDateTime:HH:mm:ss} UTC: a read before then would bring nothing new. Read again after that.", early.Message);

        _r.Advance(expires - _r.Time.GetUtcNow());
        var now = await _r.Esi.PumpAsync(_r.Source.ReadNowAsync(_r.Cast.Frank, id, Ct));
        Assert.Equal(MirrorResult.Read, now.Result);
        Assert.Null(now.Changes); // the ETag matched: 304, nothing to apply

        _r.Advance(TimeSpan.FromMinutes(59));
        Assert.Empty(await ReadDueAsync()); // the interval runs from the last read
        _r.Advance(TimeSpan.FromMinutes(1));
        Assert.Single(await ReadDueAsync());
    }

    [Fact]
    public async Task Changes_in_game_are_followed_each_with_its_own_audit_row()
    {
        var id = await _r.CreateMirrorAsync();
        await ReadDueAsync();
        _r.Esi.Store.ReplaceOrgContacts(DemoUniverse.HomeAllianceId,
        [
            new DemoEsiOrgContact(PirateMenace, DemoEsiUniverse.Corporation, -10, []),
            new DemoEsiOrgContact(FriendlyCoalition, DemoEsiUniverse.Alliance, 10, []),
            new DemoEsiOrgContact(TestSupport.DemoPersonas.Blue, DemoEsiUniverse.Character, 7.5, []),
        ]);

        _r.Advance(TimeSpan.FromMinutes(_r.Options.MirrorIntervalMinutes));
        var outcome = Assert.Single(await ReadDueAsync());

        Assert.Equal(new(1, 1, 1), outcome.Changes);
        Assert.Equal(new Dictionary<long, double> { [PirateMenace] = -10, [FriendlyCoalition] = 10, [TestSupport.DemoPersonas.Blue] = 7.5 }, await EntriesAsync(id));
        Assert.Equal("-5.0 → -10.0; " + Mirrored, Assert.Single(await AuditAsync(id, AuditAction.EntryEdited)).Details);
        Assert.Equal("no longer in the in-game contacts of Demo Alliance", Assert.Single(await AuditAsync(id, AuditAction.EntryRemoved)).Details);
    }

    [Fact]
    public async Task A_minimum_standing_keeps_only_the_contacts_at_or_above_it()
    {
        var id = await _r.CreateMirrorAsync(minimum: 5);

        await ReadDueAsync();

        Assert.Equal([BobBlue, FriendlyCoalition], (await EntriesAsync(id)).Keys.Order());
    }

    [Fact]
    public async Task A_lost_scope_stops_the_list_once_keeps_its_content_alerts_administrators_and_a_new_grant_resumes_it()
    {
        var id = await _r.CreateMirrorAsync();
        await ReadDueAsync();
        await SetScopesAsync(EveScopes.CorporationContacts);

        _r.Advance(TimeSpan.FromMinutes(_r.Options.MirrorIntervalMinutes));
        var stopped = Assert.Single(await ReadDueAsync());
        _r.Advance(TimeSpan.FromMinutes(_r.Options.MirrorIntervalMinutes));
        Assert.Equal(MirrorResult.Stopped, Assert.Single(await ReadDueAsync()).Result);

        Assert.Equal(MirrorResult.Stopped, stopped.Result);
        Assert.Equal(3, (await EntriesAsync(id)).Count);
        var list = await _r.ListAsync(id);
        Assert.Equal("Abe Approver no longer grants esi-alliances.read_contacts.v1. Grant it again, or edit the list and choose another character.", list.SourceProblem);
        // Read in the background, shown in each reader's language: the problem, and the alert that carries it.
        var german = CultureInfo.GetCultureInfo("de");
        const string GermanProblem = "Abe Approver gibt esi-alliances.read_contacts.v1 nicht mehr frei. Geben Sie es erneut frei oder bearbeiten Sie die Liste und wählen Sie einen anderen Charakter.";
        CoreLanguage.Set("de");
        Assert.Equal(GermanProblem, list.ShownSourceProblem);
        CoreLanguage.Set("en");
        await using (var db = _r.T.CreateDbContext())
        {
            var alert = await db.Notifications.AsNoTracking().FirstAsync(n => n.Title == "List stopped following its source: Coalition Blues", Ct);
            Assert.StartsWith(GermanProblem + " Die Liste behält ihren letzten Inhalt", alert.In(german).Body, StringComparison.Ordinal);
            var entry = await db.Standings.AsNoTracking().FirstAsync(e => e.ListId == id, Ct);
            Assert.Equal("gespiegelt aus den Kontakten von Demo Alliance im Spiel", Translations.FromJson(entry.NotesTexts)?.In(german));
        }
        Assert.Single(await AuditAsync(id, AuditAction.ListSourceStopped));
        await using (var db = _r.T.CreateDbContext())
        {
            var alerted = await db.Notifications.Where(n => n.Title == "List stopped following its source: Coalition Blues").Select(n => n.AccountId).ToListAsync(Ct);
            Assert.Equal([_r.Cast.Erin, _r.Cast.Frank], alerted.Order());
            Assert.Equal(1, await db.OutboundAlerts.CountAsync(a => a.Title == "List stopped following its source: Coalition Blues", Ct));
        }

        await SetScopesAsync(EveScopes.AllianceContacts);
        _r.Advance(TimeSpan.FromMinutes(_r.Options.MirrorIntervalMinutes));
        Assert.Equal(MirrorResult.Read, Assert.Single(await ReadDueAsync()).Result);
        Assert.Null((await _r.ListAsync(id)).SourceProblem);
        Assert.StartsWith("Following the in-game contacts of Demo Alliance again", Assert.Single(await AuditAsync(id, AuditAction.ListSourceResumed)).Details);
    }

    [Fact]
    public async Task A_reader_that_left_the_alliance_stops_the_list()
    {
        var id = await _r.CreateMirrorAsync();
        await using (var db = _r.T.CreateDbContext())
        {
            await db.Characters.Where(c => c.Id == ListsRig.Director).ExecuteUpdateAsync(u => u.SetProperty(c => c.AllianceId, (long?)null), Ct);
        }

        var outcome = Assert.Single(await ReadDueAsync());

        Assert.Equal(MirrorResult.Stopped, outcome.Result);
        Assert.Equal("Abe Approver is no longer in Demo Alliance. Edit the list and choose a character who is.", outcome.Message);
        Assert.Empty(await EntriesAsync(id));
    }

    [Fact]
    public async Task A_reader_that_is_no_longer_an_administrator_stops_the_list()
    {
        var id = await _r.CreateMirrorAsync();
        await using (var db = _r.T.CreateDbContext())
        {
            await db.AccountRoles.Where(r => r.AccountId == _r.Cast.Frank).ExecuteDeleteAsync(Ct);
        }

        var outcome = Assert.Single(await ReadDueAsync());

        Assert.Equal("Abe Approver's account is no longer an administrator's. Edit the list and choose another administrator's character.", outcome.Message);
    }

    [Fact]
    public async Task Disabled_lists_are_not_read_and_Read_now_is_for_administrators()
    {
        var id = await _r.CreateMirrorAsync();
        await _r.Admin.DisableAsync(_r.Cast.Frank, id, 0, Ct);

        Assert.Empty(await ReadDueAsync());
        var forbidden = await Assert.ThrowsAsync<WorkflowException>(() => _r.Source.ReadNowAsync(_r.Cast.Carol, id, Ct));
        Assert.Equal(WorkflowError.Forbidden, forbidden.Error);
    }

    private async Task SetScopesAsync(params string[] scopes)
    {
        await using (var db = _r.T.CreateDbContext())
            await db.Tokens.Where(t => t.CharacterId == ListsRig.Director).ExecuteUpdateAsync(u => u.SetProperty(t => t.Scopes, string.Join(' ', scopes)), Ct);
        _r.Grant(ListsRig.Director, scopes);
    }
}
