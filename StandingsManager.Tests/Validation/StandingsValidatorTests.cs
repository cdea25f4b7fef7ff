using StandingsManager.Core.Localization;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Audit;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Requests;
using StandingsManager.Core.Revocations;
using StandingsManager.Core.Standings;
using StandingsManager.Core.Sync;
using StandingsManager.Core.Validation;
using StandingsManager.Tests.SyncIntegration;
using StandingsManager.Tests.TestSupport;

namespace StandingsManager.Tests.Validation;

/// <summary>The validator of a demo app against its simulated ESI over HTTP, on a fake clock.</summary>
public sealed class StandingsValidatorTests
{
    private const long NeutralTraders = 98_000_003;
    private const long HomeCorporation = 98_000_001;
    private static CancellationToken Ct => SimulatedSyncRig.Ct;

    private static SimulatedSyncRig Rig(string mode = "Manual") =>
        new(new() { ["Standings:AutoRevocation:Mode"] = mode, ["Standings:AutoRevocation:GraceHours"] = "24" });

    private static Task<ValidationReport> ValidateAsync(SimulatedSyncRig rig)
    {
        async Task<ValidationReport> RunAsync()
        {
            await Task.Yield();
            await using var scope = rig.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<StandingsValidator>().RunAsync(Ct);
        }
        return rig.Esi.PumpAsync(RunAsync());
    }

    /// <summary>Mia Member asks for a standing for herself and Abe Approver approves it: an entry with an owner.</summary>
    private static async Task<int> GrantMiaAsync(SimulatedSyncRig rig)
    {
        var mia = await AccountAsync(rig, DemoPersonas.Member);
        var abe = await AccountAsync(rig, DemoPersonas.Approver);
        var workflow = rig.Services.GetRequiredService<RequestWorkflow>();
        var requestId = await workflow.RequestForCharacterAsync(mia, DemoPersonas.Member, Ct);
        await workflow.ApproveAsync(abe, requestId, 5, null, Ct);
        return mia;
    }

    private static Task<int> AccountAsync(SimulatedSyncRig rig, long characterId) =>
        rig.WithDbAsync(db => db.Characters.Where(c => c.Id == characterId).Select(c => c.AccountId).SingleAsync(Ct));

    private static Task<List<Revocation>> RevocationsOfAsync(SimulatedSyncRig rig, long entityId) =>
        rig.WithDbAsync(db => db.Revocations.AsNoTracking().Where(r => r.EntityId == entityId).OrderBy(r => r.Id).ToListAsync(Ct));

    [Fact]
    public async Task A_member_who_leaves_the_alliance_gets_a_system_revocation_that_waits_for_an_approver_and_their_sync_stops()
    {
        await using var rig = Rig();
        var mia = await GrantMiaAsync(rig);
        Assert.Equal(0, (await ValidateAsync(rig)).RevocationsFiled); // still a member: nothing to do

        rig.Store.MoveCharacter(DemoPersonas.Member, NeutralTraders);
        rig.Store.MoveCharacter(DemoPersonas.MemberWithPendingRequest, NeutralTraders);
        var report = await ValidateAsync(rig);

        Assert.Null(report.AffiliationProblem);
        Assert.Equal(1, report.RevocationsFiled);
        var revocation = Assert.Single(await RevocationsOfAsync(rig, DemoPersonas.Member));
        Assert.Equal((RevocationSource.System, SystemRevocationReason.LostEligibility, RequestStatus.Pending), (revocation.Source, revocation.SystemReason, revocation.Status));
        Assert.Null(revocation.ApplyAfter); // Manual: an approver decides
        var audit = await rig.WithDbAsync(db => db.Audit.Where(a => a.Action == AuditAction.RevocationCreated && a.SubjectId == DemoPersonas.Member).SingleAsync(Ct));
        Assert.Equal("System", audit.ActorName);
        Assert.StartsWith("System revocation (Eligibility lost): ", audit.Details, StringComparison.Ordinal);
        // Kept in every language: an auditor reading German reads it in German.
        CoreLanguage.Set("de");
        Assert.StartsWith("Systementzug (Berechtigung verloren): Der Antragsteller (Mia Member) ist jetzt Gast", audit.ShownDetails, StringComparison.Ordinal);
        CoreLanguage.Set("en");
        Assert.Contains(await rig.WithDbAsync(db => db.Notifications.Where(n => n.AccountId == mia).Select(n => n.Title).ToListAsync(Ct)), t => t == "Standing of Mia Member may be removed");
        var abe = await AccountAsync(rig, DemoPersonas.Approver);
        Assert.Contains(await rig.WithDbAsync(db => db.Notifications.Where(n => n.AccountId == abe).Select(n => n.Title).ToListAsync(Ct)), t => t == "System revocation: Mia Member");
        Assert.Equal(1, await rig.WithDbAsync(db => db.OutboundAlerts.CountAsync(a => a.Title == "System revocation: Mia Member", Ct)));
        // The validator runs without a reader's language; its finding reads in the reader's all the same.
        var german = CultureInfo.GetCultureInfo("de");
        var toMia = await rig.WithDbAsync(db => db.Notifications.AsNoTracking().SingleAsync(n => n.AccountId == mia && n.Title == "Standing of Mia Member may be removed", Ct));
        Assert.Equal("Der Antragsteller (Mia Member) ist jetzt Gast und hat keinen Zugriff mehr auf das Ansehen. Ein Genehmiger entscheidet.", toMia.In(german).Body);
        var toAbe = await rig.WithDbAsync(db => db.Notifications.AsNoTracking().SingleAsync(n => n.AccountId == abe && n.Title == "System revocation: Mia Member", Ct));
        Assert.Equal("Berechtigung verloren: Der Antragsteller (Mia Member) ist jetzt Gast und hat keinen Zugriff mehr auf das Ansehen.", toAbe.In(german).Body);

        // Milo, who left too and has no standing of his own, stops syncing now, with the reason, not at his next run.
        // Mia's own standing still stands (an approver has not decided yet), so she is Blue and keeps syncing.
        Assert.Equal(1, report.SyncsStopped);
        var milo = await rig.SyncedAsync(DemoPersonas.MemberWithPendingRequest);
        Assert.False(milo.Enabled);
        Assert.Contains("Guest", milo.StatusMessage, StringComparison.Ordinal);
        Assert.Equal("Ihr Status (Gast) hat keinen Zugriff mehr auf das Ansehen: Die Kontaktsynchronisierung wurde beendet.",
            Translations.FromJson(milo.StatusTexts)?.In(german));
        Assert.True((await rig.SyncedAsync(DemoPersonas.Member)).Enabled);

        // The next round files nothing twice, and the entry stands until an approver removes it.
        rig.Time.Advance(TimeSpan.FromDays(3));
        Assert.Equal((0, 0), ((await ValidateAsync(rig)).RevocationsFiled, (await ValidateAsync(rig)).RevocationsApplied));
        Assert.True(await rig.WithDbAsync(db => db.Standings.AnyAsync(e => e.EntityId == DemoPersonas.Member, Ct)));
    }

    [Fact]
    public async Task Each_request_list_is_validated_by_itself_and_source_written_lists_are_left_to_their_source()
    {
        await using var rig = Rig();
        var mia = await GrantMiaAsync(rig);
        var abe = await AccountAsync(rig, DemoPersonas.Approver);
        var (coalition, wars) = await rig.WithDbAsync(async db => (
            await TestLists.AddAsync(db, "Coalition Blues"),
            await TestLists.AddAsync(db, "War Targets", Core.Lists.ListSource.WarTargets, -10)));
        var workflow = rig.Services.GetRequiredService<RequestWorkflow>();
        await workflow.ApproveAsync(abe, await workflow.RequestForCharacterAsync(coalition, mia, DemoPersonas.Member, Ct), 5, null, Ct);
        await rig.WithDbAsync(async db =>
        {
            db.Standings.Add(new StandingsEntry
            {
                ListId = wars, EntityId = DemoPersonas.Member, EntityType = EntityType.Character, EntityName = "Mia Member", Standing = -10,
                AddedByName = "System", AddedAt = rig.Time.GetUtcNow(),
            });
            return await db.SaveChangesAsync(Ct);
        });

        rig.Store.MoveCharacter(DemoPersonas.Member, NeutralTraders);
        var report = await ValidateAsync(rig);

        // One revocation per list written by requests, none for the war-target entry.
        Assert.Equal(2, report.RevocationsFiled);
        var revocations = await RevocationsOfAsync(rig, DemoPersonas.Member);
        Assert.Equal([Core.Lists.StandingsList.FirstListId, coalition], revocations.Select(r => r.ListId));
        Assert.All(revocations, r => Assert.Equal(SystemRevocationReason.LostEligibility, r.SystemReason));
        // With several lists the owner is told which.
        Assert.Contains(await rig.WithDbAsync(db => db.Notifications.Where(n => n.AccountId == mia).Select(n => n.Title).ToListAsync(Ct)),
            t => t == "Standing of Mia Member on Coalition Blues may be removed");

        // The next round files nothing twice.
        Assert.Equal(0, (await ValidateAsync(rig)).RevocationsFiled);
    }

    [Fact]
    public async Task In_automatic_mode_the_revocation_applies_after_the_grace_period()
    {
        await using var rig = Rig("Automatic");
        var mia = await GrantMiaAsync(rig);
        rig.Store.MoveCharacter(DemoPersonas.Member, NeutralTraders);
        var filedAt = rig.Time.GetUtcNow();
        await ValidateAsync(rig);
        Assert.Equal(filedAt.AddHours(24), Assert.Single(await RevocationsOfAsync(rig, DemoPersonas.Member)).ApplyAfter);

        rig.Time.Advance(TimeSpan.FromHours(23));
        Assert.Equal(0, (await ValidateAsync(rig)).RevocationsApplied);
        rig.Time.Advance(TimeSpan.FromHours(2));
        var applied = await ValidateAsync(rig);
        Assert.Equal(1, applied.RevocationsApplied);
        Assert.Equal(1, applied.SyncsStopped); // without her standing she is a Guest: her sync stops in the same round

        var revocation = Assert.Single(await RevocationsOfAsync(rig, DemoPersonas.Member));
        Assert.Equal((RequestStatus.Approved, "System"), (revocation.Status, revocation.DecidedByName));
        Assert.False(await rig.WithDbAsync(db => db.Standings.AnyAsync(e => e.EntityId == DemoPersonas.Member, Ct)));
        Assert.Equal(1, await rig.WithDbAsync(db => db.Audit.CountAsync(a => a.Action == AuditAction.RevocationApproved && a.SubjectId == DemoPersonas.Member && a.ActorName == "System", Ct)));
        Assert.Contains(await rig.WithDbAsync(db => db.Notifications.Where(n => n.AccountId == mia).Select(n => n.Title).ToListAsync(Ct)), t => t == "Standing of Mia Member removed");
    }

    [Fact]
    public async Task In_automatic_mode_a_basis_that_comes_back_withdraws_the_revocation()
    {
        await using var rig = Rig("Automatic");
        await GrantMiaAsync(rig);
        rig.Store.MoveCharacter(DemoPersonas.Member, NeutralTraders);
        await ValidateAsync(rig);

        rig.Time.Advance(TimeSpan.FromHours(12));
        rig.Store.MoveCharacter(DemoPersonas.Member, HomeCorporation);
        var report = await ValidateAsync(rig);

        Assert.Equal((1, 0), (report.RevocationsWithdrawn, report.RevocationsApplied));
        Assert.Equal(RequestStatus.Cancelled, Assert.Single(await RevocationsOfAsync(rig, DemoPersonas.Member)).Status);
        rig.Time.Advance(TimeSpan.FromHours(24));
        Assert.Equal(0, (await ValidateAsync(rig)).RevocationsApplied);
        Assert.True(await rig.WithDbAsync(db => db.Standings.AnyAsync(e => e.EntityId == DemoPersonas.Member, Ct)));
    }

    [Fact]
    public async Task An_expiring_entry_warns_its_owner_a_week_ahead_once_then_is_revoked_as_expired()
    {
        await using var rig = Rig();
        var mia = await GrantMiaAsync(rig);
        var expires = rig.Time.GetUtcNow().AddDays(10);
        await rig.WithDbAsync(db => db.Standings.Where(e => e.EntityId == DemoPersonas.Member).ExecuteUpdateAsync(u => u.SetProperty(e => e.ExpiresAt, expires), Ct));
        Task<int> WarningsAsync() => rig.WithDbAsync(db => db.Notifications.CountAsync(n => n.AccountId == mia && n.Title == "Standing of Mia Member expires soon", Ct));

        Assert.Equal(0, (await ValidateAsync(rig)).ExpiryWarnings); // ten days out: not yet
        rig.Time.Advance(TimeSpan.FromDays(3) + TimeSpan.FromMinutes(1));
        Assert.Equal(1, (await ValidateAsync(rig)).ExpiryWarnings);
        Assert.Equal(0, (await ValidateAsync(rig)).ExpiryWarnings);
        Assert.Equal(1, await WarningsAsync());

        rig.Time.Advance(TimeSpan.FromDays(7));
        Assert.Equal(1, (await ValidateAsync(rig)).RevocationsFiled);
        Assert.Equal(SystemRevocationReason.Expired, Assert.Single(await RevocationsOfAsync(rig, DemoPersonas.Member)).SystemReason);
    }

    [Fact]
    public async Task A_grant_invalid_for_longer_than_the_grace_period_files_token_lost()
    {
        await using var rig = Rig();
        await GrantMiaAsync(rig);
        var since = rig.Time.GetUtcNow();
        await rig.WithDbAsync(db => db.Tokens.Where(t => t.CharacterId == DemoPersonas.Member)
            .ExecuteUpdateAsync(u => u.SetProperty(t => t.Status, TokenStatus.Invalid).SetProperty(t => t.UpdatedAt, since), Ct));

        rig.Time.Advance(TimeSpan.FromHours(23));
        Assert.Equal(0, (await ValidateAsync(rig)).RevocationsFiled);
        rig.Time.Advance(TimeSpan.FromHours(2));
        Assert.Equal(1, (await ValidateAsync(rig)).RevocationsFiled);
        Assert.Equal(SystemRevocationReason.TokenLost, Assert.Single(await RevocationsOfAsync(rig, DemoPersonas.Member)).SystemReason);
    }

    [Fact]
    public async Task A_corporation_standing_whose_requester_no_longer_covers_every_member_files_coverage_lost()
    {
        await using var rig = Rig();
        // Ada asked for her own corporation (five members) once; she covers only herself.
        var ada = await AccountAsync(rig, DemoPersonas.Administrator);
        await rig.WithDbAsync(async db =>
        {
            var request = new StandingRequest
            {
                EntityId = HomeCorporation, EntityType = EntityType.Corporation, EntityName = "Demo Holdings", RequesterAccountId = ada,
                RequesterName = "Ada Admiral", CreatedAt = rig.Time.GetUtcNow(), Status = RequestStatus.Approved,
            };
            db.Requests.Add(request);
            await db.SaveChangesAsync(Ct);
            db.Standings.Add(new StandingsEntry { EntityId = HomeCorporation, EntityType = EntityType.Corporation, EntityName = "Demo Holdings", Standing = 5, AddedByName = "Abe Approver", AddedAt = rig.Time.GetUtcNow(), RequestId = request.Id });
            return await db.SaveChangesAsync(Ct);
        });

        Assert.Equal(1, (await ValidateAsync(rig)).RevocationsFiled);
        var revocation = Assert.Single(await RevocationsOfAsync(rig, HomeCorporation));
        Assert.Equal(SystemRevocationReason.CorporationCoverageLost, revocation.SystemReason);
    }
}
