using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StandingsManager.App.Components.Pages.Requests;
using StandingsManager.Core;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Audit;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Requests;

namespace StandingsManager.Tests.Components;

public sealed class ManageRequestsTests : PageTestContext
{
    private const long Rita = 1001;
    private const long RitaAlt = 1002;

    /// <summary>Rita's two characters waiting for a decision, and an approver signed in.</summary>
    private async Task<(int RequestId, int OtherRequestId)> SeedQueueAndSignInApproverAsync()
    {
        var rita = await SeedAccountAsync("Rita Requester", Rita);
        await AddCharacterAsync(rita, RitaAlt, "Rita Alt");
        var first = await SeedPendingRequestAsync(Rita, "Rita Requester", rita, "Rita Requester");
        var second = await SeedPendingRequestAsync(RitaAlt, "Rita Alt", rita, "Rita Requester");
        var approver = await SeedAccountAsync("Alex Approver", 3001, Role.Approver);
        SignIn(approver, "Alex Approver", Role.Approver);
        return (first, second);
    }

    [Fact]
    public async Task Approver_sees_the_pending_queue()
    {
        await SeedQueueAndSignInApproverAsync();

        var cut = RenderPage<ManageRequests>();

        cut.WaitForAssertion(() =>
        {
            Assert.Equal("Rita Requester", cut.Find($"[data-testid=queue-entity-{Rita}]").TextContent.Trim());
            Assert.Equal("Rita Alt", cut.Find($"[data-testid=queue-entity-{RitaAlt}]").TextContent.Trim());
        });
        foreach (var id in new[] { Rita, RitaAlt })
        {
            Assert.Single(cut.FindAll($"[data-testid=approve-{id}]"));
            Assert.Single(cut.FindAll($"[data-testid=reject-{id}]"));
        }
        Assert.Empty(cut.FindAll("[data-testid=queue-empty]"));
    }

    [Fact]
    public async Task Decided_requests_are_not_in_the_queue()
    {
        var (requestId, _) = await SeedQueueAndSignInApproverAsync();
        await using (var db = NewDb())
        {
            var request = await db.Requests.SingleAsync(r => r.Id == requestId, Ct);
            request.Status = RequestStatus.Rejected;
            await db.SaveChangesAsync(Ct);
        }

        var cut = RenderPage<ManageRequests>();

        cut.WaitForElement($"[data-testid=queue-entity-{RitaAlt}]");
        Assert.Empty(cut.FindAll($"[data-testid=queue-entity-{Rita}]"));
        Assert.Empty(cut.FindAll($"[data-testid=approve-{Rita}]"));
    }

    [Fact]
    public async Task Empty_queue_shows_the_empty_state()
    {
        var approver = await SeedAccountAsync("Alex Approver", 3001, Role.Approver);
        SignIn(approver, "Alex Approver", Role.Approver);

        var cut = RenderPage<ManageRequests>();

        cut.WaitForElement("[data-testid=queue-empty]");
        Assert.Empty(cut.FindAll("[data-testid^=approve-]"));
    }

    [Fact]
    public async Task A_request_made_elsewhere_appears_without_a_reload()
    {
        var approver = await SeedAccountAsync("Alex Approver", 3001, Role.Approver);
        var member = await SeedAccountAsync("Nia Newcomer", 4501);
        await MakeMemberAsync(4501);
        SignIn(approver, "Alex Approver", Role.Approver);
        var cut = RenderPage<ManageRequests>();
        cut.WaitForElement("[data-testid=queue-empty]");

        // Another user, in another circuit, files a request through the same workflow.
        await Services.GetRequiredService<RequestWorkflow>().RequestForCharacterAsync(member, 4501, Ct);

        cut.WaitForAssertion(() => Assert.Equal("Nia Newcomer", cut.Find("[data-testid=queue-entity-4501]").TextContent.Trim()));
    }

    [Fact]
    public async Task Approving_with_a_note_creates_the_entry_at_the_default_standing_and_removes_the_row()
    {
        var (requestId, _) = await SeedQueueAndSignInApproverAsync();
        var cut = RenderPage<ManageRequests>();

        cut.ClickWhenShown($"[data-testid=approve-{Rita}]");
        cut.WaitForElement("[data-testid=decide-dialog]");
        Assert.Equal("5", cut.Find("[data-testid=decide-standing]").GetAttribute("value"));
        cut.ChangeWhenShown("[data-testid=decide-text]", "Welcome aboard");
        cut.ClickWhenShown("[data-testid=decide-confirm]");

        cut.WaitForAssertion(() =>
        {
            Assert.Empty(cut.FindAll("[data-testid=decide-dialog]"));
            Assert.Empty(cut.FindAll($"[data-testid=queue-entity-{Rita}]"));
            Assert.Single(cut.FindAll($"[data-testid=queue-entity-{RitaAlt}]"));
        });
        await using var db = NewDb();
        var entry = await db.Standings.SingleAsync(e => e.EntityId == Rita, Ct);
        Assert.Equal(Options.Value.DefaultStanding, entry.Standing);
        Assert.Equal("Welcome aboard", entry.Notes);
        Assert.Equal("Alex Approver", entry.AddedByName);
        Assert.Equal(requestId, entry.RequestId);
        var request = await db.Requests.SingleAsync(r => r.Id == requestId, Ct);
        Assert.Equal(RequestStatus.Approved, request.Status);
        Assert.Equal("Welcome aboard", request.DecisionNote);
        Assert.True(await db.Audit.AnyAsync(a => a.Action == AuditAction.RequestApproved && a.SubjectId == Rita, Ct));
        Assert.False(await db.Standings.AnyAsync(e => e.EntityId == RitaAlt, Ct));
    }

    /// <remarks>A numeric field with a maximum turned 15 into +10 and approved that.</remarks>
    [Fact]
    public async Task A_standing_off_the_scale_is_refused_with_a_message_and_the_dialog_stays_open()
    {
        var (requestId, _) = await SeedQueueAndSignInApproverAsync();
        var cut = RenderPage<ManageRequests>();

        cut.ClickWhenShown($"[data-testid=approve-{Rita}]");
        cut.ChangeWhenShown("[data-testid=decide-standing]", "15");
        cut.ChangeWhenShown("[data-testid=decide-text]", "Welcome aboard");
        cut.ClickWhenShown("[data-testid=decide-confirm]");

        cut.WaitForAssertion(() => Assert.Equal("A standing must be between -10 and +10; 15 is not.", cut.Find("[data-testid=decide-error]").TextContent));
        Assert.Single(cut.FindAll("[data-testid=decide-dialog]"));
        Assert.Equal("15", cut.Find("[data-testid=decide-standing]").GetAttribute("value"));
        Assert.Equal("Welcome aboard", cut.Find("[data-testid=decide-text]").GetAttribute("value") ?? cut.Find("[data-testid=decide-text]").TextContent);
        await using (var db = NewDb())
        {
            Assert.Equal(RequestStatus.Pending, (await db.Requests.SingleAsync(r => r.Id == requestId, Ct)).Status);
            Assert.False(await db.Standings.AnyAsync(Ct));
        }

        // Corrected in the same dialog, it goes through.
        cut.ChangeWhenShown("[data-testid=decide-standing]", "-2.5");
        cut.ClickWhenShown("[data-testid=decide-confirm]");
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=decide-dialog]")));
        // The dialog closes, then the approval is saved and the row leaves the queue.
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll($"[data-testid=approve-{Rita}]")));
        await using var after = NewDb();
        Assert.Equal(-2.5, (await after.Standings.SingleAsync(e => e.EntityId == Rita, Ct)).Standing);
    }

    [Fact]
    public async Task Rejecting_without_a_reason_shows_an_error_and_changes_nothing()
    {
        var (requestId, _) = await SeedQueueAndSignInApproverAsync();
        var cut = RenderPage<ManageRequests>();

        cut.ClickWhenShown($"[data-testid=reject-{Rita}]");
        cut.WaitForElement("[data-testid=decide-dialog]");
        Assert.Empty(cut.FindAll("[data-testid=decide-standing]"));
        cut.ClickWhenShown("[data-testid=decide-confirm]");

        cut.WaitForElement("[data-testid=decide-error]");
        Assert.Single(cut.FindAll("[data-testid=decide-dialog]"));
        Assert.Single(cut.FindAll($"[data-testid=queue-entity-{Rita}]"));
        await using var db = NewDb();
        Assert.Equal(RequestStatus.Pending, (await db.Requests.SingleAsync(r => r.Id == requestId, Ct)).Status);
        Assert.False(await db.Audit.AnyAsync(Ct));
        Assert.False(await db.Standings.AnyAsync(Ct));
    }

    [Fact]
    public async Task Rejecting_with_a_reason_records_it_and_removes_the_row()
    {
        var (requestId, _) = await SeedQueueAndSignInApproverAsync();
        var cut = RenderPage<ManageRequests>();

        cut.ClickWhenShown($"[data-testid=reject-{Rita}]");
        cut.WaitForElement("[data-testid=decide-dialog]");
        cut.ChangeWhenShown("[data-testid=decide-text]", "Not in the alliance");
        cut.ClickWhenShown("[data-testid=decide-confirm]");

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll($"[data-testid=queue-entity-{Rita}]")));
        await using var db = NewDb();
        var request = await db.Requests.SingleAsync(r => r.Id == requestId, Ct);
        Assert.Equal(RequestStatus.Rejected, request.Status);
        Assert.Equal("Not in the alliance", request.DecisionNote);
        Assert.False(await db.Standings.AnyAsync(Ct));
    }

    /// <remarks>The circuit's claims say Approver but the database does not: the server refuses, and the page shows why instead of crashing.</remarks>
    [Fact]
    public async Task Server_rechecks_the_role_from_the_database_and_the_queue_is_refused()
    {
        var rita = await SeedAccountAsync("Rita Requester", Rita);
        var requestId = await SeedPendingRequestAsync(Rita, "Rita Requester", rita, "Rita Requester");
        // The circuit's claims say Approver, but the database does not grant it.
        var demoted = await SeedAccountAsync("Dora Demoted", 4001);
        SignInClaiming(demoted, "Dora Demoted", "Member", "Approver");

        var cut = RenderGuardedPage<ManageRequests>();

        // The page shows the server's refusal instead of crashing the circuit.
        cut.WaitForAssertion(() => Assert.Contains("You need the Approver role", cut.Find("[data-testid=page-refused]").TextContent, StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("[data-testid^=queue-entity-]"));
        await using var db = NewDb();
        Assert.Equal(RequestStatus.Pending, (await db.Requests.SingleAsync(r => r.Id == requestId, Ct)).Status);
    }

    [Fact]
    public async Task Same_claims_with_the_role_in_the_database_show_the_queue()
    {
        var rita = await SeedAccountAsync("Rita Requester", Rita);
        await SeedPendingRequestAsync(Rita, "Rita Requester", rita, "Rita Requester");
        var approver = await SeedAccountAsync("Alex Approver", 3001, Role.Approver);
        SignInClaiming(approver, "Alex Approver", "Member", "Approver");

        var cut = RenderPage<ManageRequests>();

        cut.WaitForElement($"[data-testid=queue-entity-{Rita}]");
    }

    private static AngleSharp.Dom.IElement RowCheckbox(IRenderedComponent<Bunit.Rendering.ContainerFragment> cut, long entityId) =>
        cut.Find($"[data-testid=queue-entity-{entityId}]").ParentElement!.QuerySelector("input[type=checkbox]")!;

    /// <summary>26 members each waiting for their main, one more than a page holds; an approver signed in.</summary>
    private async Task<long[]> SeedTwoPagesAsync()
    {
        var mains = Enumerable.Range(0, 26).Select(i => 10_000L + i).ToArray();
        foreach (var id in mains)
        {
            var name = $"Pilot {id}";
            await SeedPendingRequestAsync(id, name, await SeedAccountAsync(name, id), name);
        }
        var approver = await SeedAccountAsync("Alex Approver", 3001, Role.Approver);
        SignIn(approver, "Alex Approver", Role.Approver);
        return mains;
    }

    [Fact]
    public async Task Rows_ticked_on_two_pages_are_approved_together_at_one_value_and_a_missing_value_is_refused_in_the_dialog()
    {
        var mains = await SeedTwoPagesAsync();
        var (first, last) = (mains[0], mains[^1]);
        var cut = RenderPage<ManageRequests>();
        Assert.Empty(cut.FindAll("[data-testid=bulk-bar]"));

        cut.WaitForElement($"[data-testid=queue-entity-{first}]");
        cut.TickRowOf($"[data-testid=queue-entity-{first}]");
        cut.ClickWhenShown("button[aria-label='Next page']");
        cut.WaitForElement($"[data-testid=queue-entity-{last}]");
        cut.TickRowOf($"[data-testid=queue-entity-{last}]");
        cut.WaitForAssertion(() => Assert.Equal("2 selected", cut.Find("[data-testid=bulk-count]").TextContent.Trim()));
        cut.ClickWhenShown("button[aria-label='Previous page']");
        cut.WaitForAssertion(() => Assert.True(((AngleSharp.Html.Dom.IHtmlInputElement)RowCheckbox(cut, first)).IsChecked));

        cut.ClickWhenShown("[data-testid=bulk-approve]");
        cut.WaitForElement("[data-testid=bulk-decide-dialog]");
        Assert.Equal($"2 requests: Pilot {first}, Pilot {last}.", cut.Find("[data-testid=bulk-decide-subject]").TextContent.Trim());
        // Off the scale: refused with a message, never clamped, and the dialog stays open with the value as typed.
        cut.ChangeWhenShown("[data-testid=bulk-decide-standing]", "15");
        cut.ClickWhenShown("[data-testid=bulk-decide-confirm]");
        cut.WaitForAssertion(() => Assert.Equal("A standing must be between -10 and +10; 15 is not.", cut.Find("[data-testid=bulk-decide-error]").TextContent.Trim()));
        Assert.Equal("15", cut.Find("[data-testid=bulk-decide-standing]").GetAttribute("value"));
        // No value at all: the dialog says so and stays open.
        cut.ChangeWhenShown("[data-testid=bulk-decide-standing]", "");
        cut.ClickWhenShown("[data-testid=bulk-decide-confirm]");
        cut.WaitForAssertion(() => Assert.Equal("Give a standing between -10 and +10.", cut.Find("[data-testid=bulk-decide-error]").TextContent.Trim()));
        Assert.Single(cut.FindAll("[data-testid=bulk-decide-dialog]"));
        await using (var before = NewDb())
            Assert.False(await before.Standings.AnyAsync(Ct));
        cut.ChangeWhenShown("[data-testid=bulk-decide-standing]", "-4");
        cut.ChangeWhenShown("[data-testid=bulk-decide-text]", "joined the coalition");
        cut.ClickWhenShown("[data-testid=bulk-decide-confirm]");

        cut.WaitForAssertion(() =>
        {
            Assert.Empty(cut.FindAll("[data-testid=bulk-decide-dialog]"));
            Assert.Empty(cut.FindAll("[data-testid=bulk-bar]"));
            Assert.Empty(cut.FindAll($"[data-testid=queue-entity-{first}]"));
        });
        await using var db = NewDb();
        Assert.Equal([(first, -4.0, "joined the coalition"), (last, -4.0, "joined the coalition")],
            (await db.Standings.OrderBy(e => e.EntityId).ToListAsync(Ct)).Select(e => (e.EntityId, e.Standing, e.Notes!)));
        Assert.Equal(2, await db.Audit.CountAsync(a => a.Action == AuditAction.RequestApproved, Ct));
        Assert.Equal(24, await db.Requests.CountAsync(r => r.Status == RequestStatus.Pending, Ct));
    }

    [Fact]
    public async Task A_bulk_reject_needs_a_reason_and_then_rejects_every_ticked_row()
    {
        await SeedQueueAndSignInApproverAsync();
        var cut = RenderPage<ManageRequests>();
        cut.WaitForElement($"[data-testid=queue-entity-{Rita}]");
        cut.TickRowOf($"[data-testid=queue-entity-{Rita}]");
        cut.TickRowOf($"[data-testid=queue-entity-{RitaAlt}]");

        cut.ClickWhenShown("[data-testid=bulk-reject]");
        cut.WaitForElement("[data-testid=bulk-decide-dialog]");
        Assert.Empty(cut.FindAll("[data-testid=bulk-decide-standing]"));
        cut.ClickWhenShown("[data-testid=bulk-decide-confirm]");
        cut.WaitForElement("[data-testid=bulk-decide-error]");
        await using (var db = NewDb())
            Assert.False(await db.Requests.AnyAsync(r => r.Status != RequestStatus.Pending, Ct));
        cut.ChangeWhenShown("[data-testid=bulk-decide-text]", "Not in the alliance");
        cut.ClickWhenShown("[data-testid=bulk-decide-confirm]");

        cut.WaitForElement("[data-testid=queue-empty]");
        await using var after = NewDb();
        Assert.All(await after.Requests.ToListAsync(Ct), r => Assert.Equal((RequestStatus.Rejected, "Not in the alliance"), (r.Status, r.DecisionNote!)));
    }

    [Fact]
    public async Task The_approvers_own_request_in_the_selection_is_named_in_the_dialog_and_nothing_is_decided()
    {
        await SeedQueueAndSignInApproverAsync();
        await using (var db = NewDb())
        {
            var approver = await db.Accounts.SingleAsync(a => a.MainCharacterId == 3001, Ct);
            await SeedPendingRequestAsync(3001, "Alex Approver", approver.Id, "Alex Approver");
        }
        var cut = RenderPage<ManageRequests>();
        cut.WaitForElement("[data-testid=queue-entity-3001]");
        cut.TickRowOf($"[data-testid=queue-entity-{Rita}]");
        cut.TickRowOf($"[data-testid=queue-entity-{3001}]");

        cut.ClickWhenShown("[data-testid=bulk-approve]");
        cut.ClickWhenShown("[data-testid=bulk-decide-confirm]");

        cut.WaitForAssertion(() => Assert.Contains("You asked for the standing of Alex Approver yourself", cut.Find("[data-testid=bulk-decide-error]").TextContent, StringComparison.Ordinal));
        Assert.Single(cut.FindAll("[data-testid=bulk-decide-dialog]"));
        await using var after = NewDb();
        Assert.False(await after.Standings.AnyAsync(Ct));
        Assert.Equal(3, await after.Requests.CountAsync(r => r.Status == RequestStatus.Pending, Ct));
    }

    [Fact]
    public async Task Each_row_shows_the_requesters_main_organisation_main_or_alt_and_other_characters()
    {
        var rita = await SeedAccountAsync("Rita Requester", Rita);
        await AddCharacterAsync(rita, RitaAlt, "Rita Alt");
        await AddCharacterAsync(rita, 1003, "Rita Hauler");
        await using (var db = NewDb())
        {
            var main = await db.Characters.SingleAsync(c => c.Id == Rita, Ct);
            (main.CorporationId, main.AllianceId) = (98_000_001, 99_000_001);
            db.EveEntities.AddRange(
                new EveEntity { Id = 98_000_001, Name = "Rita Corp", Type = EntityType.Corporation, UpdatedAt = Now },
                new EveEntity { Id = 99_000_001, Name = "Rita Alliance", Type = EntityType.Alliance, UpdatedAt = Now });
            await db.SaveChangesAsync(Ct);
        }
        await SeedPendingRequestAsync(RitaAlt, "Rita Alt", rita, "Rita Requester");
        var approver = await SeedAccountAsync("Alex Approver", 3001, Role.Approver);
        SignIn(approver, "Alex Approver", Role.Approver);

        var cut = RenderPage<ManageRequests>();

        cut.WaitForElement($"[data-testid=queue-entity-{RitaAlt}]");
        Assert.Equal("alt", cut.Find($"[data-testid=subject-kind-{RitaAlt}]").TextContent.Trim());
        var requester = cut.Find($"[data-testid=requester-{RitaAlt}]").TextContent;
        Assert.Contains("Rita Requester", requester, StringComparison.Ordinal);
        Assert.Contains("Rita Corp · Rita Alliance", requester, StringComparison.Ordinal);
        Assert.Equal("Rita Hauler", cut.Find($"[data-testid=others-{RitaAlt}]").TextContent.Trim());
    }

    [Fact]
    public async Task With_one_list_the_queue_has_no_list_column_or_filter()
    {
        var (first, _) = await SeedQueueAndSignInApproverAsync();

        var cut = RenderPage<ManageRequests>();

        cut.WaitForElement($"[data-testid=queue-entity-{Rita}]");
        Assert.Empty(cut.FindAll("[data-testid=list-filter]"));
        Assert.Empty(cut.FindAll($"[data-testid=queue-list-{first}]"));
    }

    [Fact]
    public async Task With_two_lists_each_row_names_its_list_and_the_filter_shows_one_list()
    {
        var (first, second) = await SeedQueueAndSignInApproverAsync();
        int coalition;
        await using (var db = NewDb())
        {
            coalition = await TestSupport.TestLists.AddAsync(db, "Coalition Blues", defaultStanding: 7.5);
            await db.Requests.Where(r => r.Id == second).ExecuteUpdateAsync(u => u.SetProperty(r => r.ListId, coalition), Ct);
        }

        var cut = RenderPage<ManageRequests>();

        cut.WaitForAssertion(() =>
        {
            Assert.Equal("Alliance Standings", cut.Find($"[data-testid=queue-list-{first}]").TextContent.Trim());
            Assert.Equal("Coalition Blues", cut.Find($"[data-testid=queue-list-{second}]").TextContent.Trim());
        });

        var filter = cut.FindComponent<MudBlazor.MudSelect<int?>>();
        await cut.InvokeAsync(() => filter.Instance.ValueChanged.InvokeAsync(coalition));
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll($"[data-testid=queue-entity-{Rita}]")));
        Assert.Single(cut.FindAll($"[data-testid=queue-entity-{RitaAlt}]"));

        // The approval offers the list's own default standing and lands on that list.
        cut.ClickWhenShown($"[data-testid=approve-{RitaAlt}]");
        cut.WaitForAssertion(() => Assert.Equal("7.5", cut.Find("[data-testid=decide-standing]").GetAttribute("value")));
    }
}
