using Bunit;
using StandingsManager.App.Components.Pages;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Sync;

namespace StandingsManager.Tests.Components;

public sealed class HomeTests : PageTestContext
{
    private async Task SeedQueuesAsync()
    {
        var rita = await SeedAccountAsync("Rita Requester", 1001);
        await AddCharacterAsync(rita, 1002, "Rita Alt");
        await AddCharacterAsync(rita, 1003, "Rita Third");
        await SeedPendingRequestAsync(1001, "Rita Requester", rita, "Rita Requester");
        await SeedPendingRequestAsync(1002, "Rita Alt", rita, "Rita Requester");
        await SeedEntryAsync(1003, "Rita Third", 5);
        await SeedPendingRevocationAsync(1003, "Rita Third", rita, "Rita Requester");
    }

    [Fact]
    public async Task Approver_sees_the_queue_counts()
    {
        await SeedQueuesAsync();
        var approver = await SeedAccountAsync("Alex Approver", 3001, Role.Approver);
        SignIn(approver, "Alex Approver", Role.Approver);

        var cut = Render<Home>();

        cut.WaitForAssertion(() =>
            Assert.Equal("2 requests · 1 revocation", cut.Find("[data-testid=queue-counts]").TextContent.Trim()));
        Assert.Empty(cut.FindAll("[data-testid=home-sign-in]"));
    }

    [Fact]
    public async Task Member_does_not_see_the_queue_counts()
    {
        await SeedQueuesAsync();
        var member = await SeedAccountAsync("Mia Member", 2001);
        SignIn(member, "Mia Member");

        var cut = Render<Home>();

        cut.WaitForAssertion(() => Assert.Contains("Welcome, Mia Member.", cut.Markup, StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("[data-testid=queue-counts]"));
        Assert.Empty(cut.FindAll("[data-testid=home-sign-in]"));
    }

    [Fact]
    public void Anonymous_visitor_sees_the_sign_in_button()
    {
        var cut = Render<Home>();

        cut.WaitForElement("[data-testid=home-sign-in]");
        Assert.Empty(cut.FindAll("[data-testid=queue-counts]"));
    }

    private const long DriftersCorp = 98_000_123;

    /// <summary>A guest as the demo has them: a main in a corporation outside the organisation, states Member and Blue let in.</summary>
    private async Task<int> SeedGuestAsync()
    {
        Options.Value.BasicAccessStates = ["Member", "Blue"];
        var guest = await SeedAccountAsync("Gus Guest", 5001);
        await using var db = NewDb();
        var main = await db.Characters.FindAsync([5001L], Ct);
        main!.CorporationId = DriftersCorp;
        db.EveEntities.Add(new EveEntity { Id = DriftersCorp, Name = "Drifters Inc", Type = EntityType.Corporation, UpdatedAt = Now });
        db.EveEntities.Add(new EveEntity { Id = HomeAllianceId, Name = "Home Alliance", Type = EntityType.Alliance, UpdatedAt = Now });
        await db.SaveChangesAsync(Ct);
        return guest;
    }

    [Fact]
    public async Task Guest_reads_their_state_who_has_access_and_what_to_do_and_no_request_button()
    {
        var guest = await SeedGuestAsync();
        SignInClaiming(guest, "Gus Guest"); // no Member claim: basic access is what guests lack

        var cut = Render<Home>();

        cut.WaitForAssertion(() => Assert.Equal(
            "Your main character, Gus Guest, is in Drifters Inc, which is in no alliance: that makes you a guest here, and guests have no access.",
            cut.Find("[data-testid=guest-state]").TextContent.Trim()));
        Assert.Equal("Who has access: members of Home Alliance, and blues (anyone whose character, corporation or alliance holds a positive standing on one of the organisation's lists).",
            cut.Find("[data-testid=guest-who]").TextContent.Trim());
        Assert.StartsWith("Join Home Alliance in game, or make a character who is in it your main on the Characters page",
            cut.Find("[data-testid=guest-todo]").TextContent.Trim(), StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=member-request]"));
        Assert.DoesNotContain("/request-standings", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_name_not_looked_up_yet_is_said_in_the_readers_language()
    {
        var guest = await SeedGuestAsync();
        await using (var db = NewDb())
        {
            db.EveEntities.Remove((await db.EveEntities.FindAsync([DriftersCorp], Ct))!);
            await db.SaveChangesAsync(Ct);
        }
        SignInClaiming(guest, "Gus Guest");
        CoreLanguage.Set("de");

        var cut = Render<Home>();

        cut.WaitForAssertion(() => Assert.Contains("Corporation #98000123", cut.Find("[data-testid=guest-state]").TextContent, StringComparison.Ordinal));
        Assert.DoesNotContain("corporation #", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Member_sees_their_sync_problems_and_pending_requests()
    {
        var mia = await SeedAccountAsync("Mia Member", 2001);
        await MakeMemberAsync(2001);
        await AddCharacterAsync(mia, 2002, "Milo Member");
        await using (var db = NewDb())
        {
            db.SyncedCharacters.Add(new SyncedCharacter { CharacterId = 2001, AccountId = mia, CreatedAt = Now, Status = SyncStatus.Warning,
                StatusMessage = "Contact label 'Test' not found: create it in game (People & Places → Contacts → Add label)" });
            db.SyncedCharacters.Add(new SyncedCharacter { CharacterId = 2002, AccountId = mia, CreatedAt = Now, Status = SyncStatus.Ok });
            await db.SaveChangesAsync(Ct);
        }
        await SeedPendingRequestAsync(2002, "Milo Member", mia, "Mia Member");
        SignIn(mia, "Mia Member");

        var cut = Render<Home>();

        cut.WaitForAssertion(() => Assert.Equal("2001", cut.Find("[data-testid=member-sync-problem]").GetAttribute("data-character")));
        Assert.Single(cut.FindAll("[data-testid=member-sync-problem]")); // Milo's sync is fine
        Assert.Contains("Mia Member: Contact label 'Test' not found", cut.Find("[data-testid=member-sync-problem]").TextContent, StringComparison.Ordinal);
        Assert.Equal("Contact sync needs you on 1 character:", cut.Find("[data-testid=member-sync-problems-title]").TextContent.Trim());
        Assert.Equal("1 request waiting for an approver:", cut.Find("[data-testid=member-pending-title]").TextContent.Trim());
        Assert.StartsWith("Milo Member, asked", cut.Find("[data-testid=member-pending-request]").TextContent.Trim(), StringComparison.Ordinal);
        Assert.NotNull(cut.Find("[data-testid=member-request]"));
        Assert.Empty(cut.FindAll("[data-testid=member-all-clear]"));
    }

    [Fact]
    public async Task Member_with_nothing_pending_reads_all_clear()
    {
        var member = await SeedAccountAsync("Mia Member", 2001);
        await MakeMemberAsync(2001);
        SignIn(member, "Mia Member");

        var cut = Render<Home>();

        cut.WaitForAssertion(() => Assert.Equal("No sync problems and no requests waiting.", cut.Find("[data-testid=member-all-clear]").TextContent.Trim()));
        Assert.Empty(cut.FindAll("[data-testid=guest-state]"));
    }
}
