using Bunit;
using Microsoft.EntityFrameworkCore;
using StandingsManager.App.Components.Pages.Requests;
using StandingsManager.Core;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Audit;
using StandingsManager.Core.Requests;

namespace StandingsManager.Tests.Components;

public sealed class RequestStandingsTests : PageTestContext
{
    private const long Main = 1001;
    private const long Alt = 1002;
    private const long Approved = 1003;
    private const long Stranger = 2001;

    /// <summary>Mia with three characters: one without standing, one with a pending request, one with an entry.</summary>
    private async Task<int> SeedMiaAsync()
    {
        var mia = await SeedAccountAsync("Mia Member", Main);
        await MakeMemberAsync(Main);
        await AddCharacterAsync(mia, Alt, "Mia Alt");
        await AddCharacterAsync(mia, Approved, "Mia Trusted");
        await SeedPendingRequestAsync(Alt, "Mia Alt", mia, "Mia Member");
        await SeedEntryAsync(Approved, "Mia Trusted", 7.5);
        return mia;
    }

    [Fact]
    public async Task Member_sees_own_characters_and_can_request_for_one_without_standing()
    {
        var mia = await SeedMiaAsync();
        SignIn(mia, "Mia Member");

        var cut = RenderPage<RequestStandings>();

        cut.WaitForElement("[data-testid=my-characters]");
        Assert.Contains("No standing", cut.Find($"[data-testid=status-{Main}]").TextContent, StringComparison.Ordinal);
        Assert.Single(cut.FindAll($"[data-testid=request-{Main}]"));
        Assert.Empty(cut.FindAll($"[data-testid=cancel-{Main}]"));
        Assert.Empty(cut.FindAll($"[data-testid=remove-{Main}]"));
        Assert.Empty(cut.FindAll("[data-testid=no-characters]"));
    }

    [Fact]
    public async Task Character_with_pending_request_shows_cancel_and_no_request_button()
    {
        var mia = await SeedMiaAsync();
        SignIn(mia, "Mia Member");

        var cut = RenderPage<RequestStandings>();

        cut.WaitForElement("[data-testid=my-characters]");
        Assert.Contains("Pending", cut.Find($"[data-testid=status-{Alt}]").TextContent, StringComparison.Ordinal);
        Assert.Single(cut.FindAll($"[data-testid=cancel-{Alt}]"));
        Assert.Empty(cut.FindAll($"[data-testid=request-{Alt}]"));
        Assert.Empty(cut.FindAll($"[data-testid=remove-{Alt}]"));
    }

    [Fact]
    public async Task Character_with_entry_shows_its_standing_and_remove_button()
    {
        var mia = await SeedMiaAsync();
        SignIn(mia, "Mia Member");

        var cut = RenderPage<RequestStandings>();

        cut.WaitForElement("[data-testid=my-characters]");
        var status = cut.Find($"[data-testid=status-{Approved}]");
        Assert.Contains("+7.5", status.TextContent, StringComparison.Ordinal);
        Assert.Single(cut.FindAll($"[data-testid=remove-{Approved}]"));
        Assert.Empty(cut.FindAll($"[data-testid=request-{Approved}]"));
        Assert.Empty(cut.FindAll($"[data-testid=cancel-{Approved}]"));
    }

    [Fact]
    public async Task Clicking_request_creates_a_pending_request_and_the_row_shows_cancel()
    {
        var mia = await SeedMiaAsync();
        SignIn(mia, "Mia Member");
        var cut = RenderPage<RequestStandings>();
        cut.WaitForElement($"[data-testid=request-{Main}]");

        cut.ClickWhenShown($"[data-testid=request-{Main}]");

        cut.WaitForAssertion(() =>
        {
            Assert.Single(cut.FindAll($"[data-testid=cancel-{Main}]"));
            Assert.Empty(cut.FindAll($"[data-testid=request-{Main}]"));
        });
        Assert.Contains("Pending", cut.Find($"[data-testid=status-{Main}]").TextContent, StringComparison.Ordinal);
        await using var db = NewDb();
        var request = await db.Requests.SingleAsync(r => r.EntityId == Main, Ct);
        Assert.Equal(RequestStatus.Pending, request.Status);
        Assert.Equal(mia, request.RequesterAccountId);
        Assert.Equal("Mia Member", request.RequesterName);
        Assert.True(await db.Audit.AnyAsync(a => a.Action == AuditAction.RequestCreated && a.SubjectId == Main, Ct));
    }

    [Fact]
    public async Task Another_accounts_characters_are_not_listed()
    {
        var mia = await SeedMiaAsync();
        await SeedAccountAsync("Sam Stranger", Stranger);
        SignIn(mia, "Mia Member");

        var cut = RenderPage<RequestStandings>();

        cut.WaitForElement("[data-testid=my-characters]");
        Assert.Single(cut.FindAll($"[data-testid=status-{Main}]"));
        Assert.Empty(cut.FindAll($"[data-testid=status-{Stranger}]"));
        Assert.Empty(cut.FindAll($"[data-testid=request-{Stranger}]"));
        Assert.DoesNotContain("Sam Stranger", cut.Find("[data-testid=my-characters]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Account_without_characters_is_told_that_no_list_takes_its_requests()
    {
        // Without a main character the account is a Guest: no list's audience reaches it.
        var nobody = await SeedAccountAsync("Nobody", characterId: null);
        await SeedAccountAsync("Sam Stranger", Stranger);
        SignIn(nobody, "Nobody");

        var cut = RenderPage<RequestStandings>();

        cut.WaitForElement("[data-testid=no-lists]");
        Assert.Empty(cut.FindAll("[data-testid=my-characters]"));
        Assert.Empty(cut.FindAll("[data-testid=list-picker]"));
    }

    [Fact]
    public async Task Approver_sees_only_their_own_characters_too()
    {
        await SeedMiaAsync();
        var approver = await SeedAccountAsync("Alex Approver", 3001, Role.Approver);
        await MakeMemberAsync(3001);
        SignIn(approver, "Alex Approver", Role.Approver);

        var cut = RenderPage<RequestStandings>();

        cut.WaitForElement("[data-testid=my-characters]");
        Assert.Single(cut.FindAll("[data-testid=request-3001]"));
        Assert.Empty(cut.FindAll($"[data-testid=status-{Main}]"));
    }

    /// <remarks>A deactivated account still holding a circuit is refused by the server, with the reason shown.</remarks>
    [Fact]
    public async Task Deactivated_account_is_refused_by_the_server()
    {
        var mia = await SeedMiaAsync();
        await using (var db = NewDb())
        {
            var account = await db.Accounts.SingleAsync(a => a.Id == mia, Ct);
            account.IsActive = false;
            await db.SaveChangesAsync(Ct);
        }
        SignIn(mia, "Mia Member");

        var cut = RenderGuardedPage<RequestStandings>();

        // The boundary around every page shows the server's refusal instead of crashing the circuit.
        cut.WaitForAssertion(() => Assert.Contains("Your account is deactivated", cut.Find("[data-testid=page-refused]").TextContent, StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("[data-testid=my-characters]"));
    }

    [Fact]
    public async Task A_corporation_shows_its_coverage_and_can_be_requested_only_when_complete()
    {
        const long Corp = 98_500_001;
        var mia = await SeedAccountAsync("Mia Member", 1001);
        await MakeMemberAsync(1001);
        await AddCharacterAsync(mia, 1002, "Mia Alt");
        await using (var db = NewDb())
        {
            foreach (var character in await db.Characters.ToListAsync(Ct))
                character.CorporationId = Corp;
            db.EveEntities.Add(new StandingsManager.Core.Eve.EveEntity { Id = Corp, Name = "Mia Mining", Type = StandingsManager.Core.Eve.EntityType.Corporation, UpdatedAt = Now });
            db.Tokens.Add(new EveToken { CharacterId = 1001, EncryptedRefreshToken = "x", Scopes = "esi-characters.read_contacts.v1 esi-characters.write_contacts.v1", UpdatedAt = Now });
            await db.SaveChangesAsync(Ct);
        }
        Corporations.Set(Corp, "Mia Mining", 2);
        SignIn(mia, "Mia Member");
        var cut = RenderPage<RequestStandings>();

        cut.ClickWhenShown($"[data-testid=check-coverage-{Corp}]");

        cut.WaitForAssertion(() => Assert.Contains("1 of 2 members", cut.Find($"[data-testid=coverage-{Corp}]").TextContent, StringComparison.Ordinal));
        Assert.Contains("Mia Alt (no grant", cut.Find($"[data-testid=coverage-missing-{Corp}]").TextContent, StringComparison.Ordinal);
        Assert.True(cut.Find($"[data-testid=request-corp-{Corp}]").HasAttribute("disabled"));

        await using (var db = NewDb())
        {
            db.Tokens.Add(new EveToken { CharacterId = 1002, EncryptedRefreshToken = "x", Scopes = "esi-characters.read_contacts.v1 esi-characters.write_contacts.v1", UpdatedAt = Now });
            await db.SaveChangesAsync(Ct);
        }
        cut.ClickWhenShown($"[data-testid=check-coverage-{Corp}]");
        cut.WaitForAssertion(() => Assert.False(cut.Find($"[data-testid=request-corp-{Corp}]").HasAttribute("disabled")));
        cut.ClickWhenShown($"[data-testid=request-corp-{Corp}]");

        cut.WaitForAssertion(() => Assert.Contains("Pending", cut.Find($"[data-testid=corp-status-{Corp}]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cancelling_a_request_asks_first_and_keeping_it_changes_nothing()
    {
        var mia = await SeedMiaAsync();
        SignIn(mia, "Mia Member");
        var cut = RenderPage<RequestStandings>();

        cut.ClickWhenShown($"[data-testid=cancel-{Alt}]");
        cut.WaitForAssertion(() => Assert.Contains("Mia Alt", cut.Find("[data-testid=confirm-text]").TextContent, StringComparison.Ordinal));
        cut.ClickWhenShown("[data-testid=confirm-no]");

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=confirm-dialog]")));
        Assert.Single(cut.FindAll($"[data-testid=cancel-{Alt}]"));
        await using (var db = NewDb())
            Assert.Equal(RequestStatus.Pending, (await db.Requests.SingleAsync(r => r.EntityId == Alt, Ct)).Status);

        cut.ClickWhenShown($"[data-testid=cancel-{Alt}]");
        cut.ClickWhenShown("[data-testid=confirm-yes]");

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll($"[data-testid=request-{Alt}]")));
        await using var after = NewDb();
        Assert.Equal(RequestStatus.Cancelled, (await after.Requests.SingleAsync(r => r.EntityId == Alt, Ct)).Status);
    }

    [Fact]
    public async Task With_one_list_the_page_does_not_ask_which_and_offers_its_default_standing()
    {
        var mia = await SeedMiaAsync();
        SignIn(mia, "Mia Member");

        var cut = RenderPage<RequestStandings>();

        cut.WaitForElement("[data-testid=my-characters]");
        Assert.Empty(cut.FindAll("[data-testid=list-picker]"));
        Assert.DoesNotContain(" on ", cut.Find("[data-testid=list-default]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_two_lists_the_page_asks_which_and_shows_and_requests_on_the_chosen_one()
    {
        var mia = await SeedMiaAsync();
        int coalition;
        await using (var db = NewDb())
        {
            coalition = await TestSupport.TestLists.AddAsync(db, "Coalition Blues", defaultStanding: 7.5, configure: l => l.Priority = 500); // the first list has 100
            // A list whose audience does not reach Mia, and a read-only one: neither is offered.
            await TestSupport.TestLists.AddAsync(db, "Partner", configure: l => l.AudienceAllianceIds = "99000777");
            await TestSupport.TestLists.AddAsync(db, "War Targets", StandingsManager.Core.Lists.ListSource.WarTargets, -10);
        }
        SignIn(mia, "Mia Member");

        var cut = RenderPage<RequestStandings>();

        // The highest-priority list comes first; Mia Alt's pending request and Mia Trusted's entry are on the first list, not this one.
        cut.WaitForElement("[data-testid=list-picker]");
        cut.WaitForAssertion(() => Assert.Contains("+7.5 on Coalition Blues", cut.Find("[data-testid=list-default]").TextContent, StringComparison.Ordinal));
        // The chosen list's statuses load a moment after its name shows (a database server answers later than in-memory SQLite).
        cut.WaitForAssertion(() =>
        {
            Assert.Single(cut.FindAll($"[data-testid=request-{Alt}]"));
            Assert.Single(cut.FindAll($"[data-testid=request-{Approved}]"));
        });
        var picker = cut.FindComponent<MudBlazor.MudSelect<int>>();

        cut.ClickWhenShown($"[data-testid=request-{Alt}]");
        cut.WaitForAssertion(() => Assert.Contains("Pending", cut.Find($"[data-testid=status-{Alt}]").TextContent, StringComparison.Ordinal));
        await using (var db = NewDb())
            Assert.Equal(1, await db.Requests.CountAsync(r => r.ListId == coalition && r.EntityId == Alt, Ct));

        // Back on the first list: its own statuses.
        await cut.InvokeAsync(() => picker.Instance.ValueChanged.InvokeAsync(StandingsManager.Core.Lists.StandingsList.FirstListId));
        cut.WaitForAssertion(() =>
        {
            Assert.Contains("+7.5", cut.Find($"[data-testid=status-{Approved}]").TextContent, StringComparison.Ordinal);
            Assert.Single(cut.FindAll($"[data-testid=cancel-{Alt}]"));
        });
    }
}
