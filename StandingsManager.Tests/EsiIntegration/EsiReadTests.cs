using StandingsManager.App.Demo.Esi;
using StandingsManager.Tests.TestSupport;

namespace StandingsManager.Tests.EsiIntegration;

/// <summary>Paged and conditional reads of the real client against the simulator, over HTTP.</summary>
public sealed class EsiReadTests : IAsyncLifetime
{
    private readonly EsiRig _rig = new();
    private static CancellationToken Ct => EsiRig.Ct;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;
    public ValueTask DisposeAsync() => _rig.DisposeAsync();

    /// <summary>Just past ESI's 300 s read cache.</summary>
    private static readonly TimeSpan ReadCache = TimeSpan.FromSeconds(301);

    private static DemoEsiContact Contact(long id) => new(id, DemoEsiUniverse.Character, id % 21 - 10, [], false, false);

    [Theory]
    [InlineData(1024, 1)]
    [InlineData(1025, 2)]
    [InlineData(2500, 3)]
    public async Task All_contacts_come_back_across_every_page_one_call_per_page(int count, int pages)
    {
        var me = DemoPersonas.Administrator;
        var seeded = Enumerable.Range(0, count).Select(i => Contact(2_000_000_000L + i)).ToList();
        _rig.Store.ReplaceContacts(me, seeded);
        var tokensBefore = await _rig.SocialTokensLeftAfterProbeAsync(me);

        var result = await _rig.Esi.GetContactsAsync(me, _rig.Token(me), null, Ct);

        Assert.False(result.NotModified);
        Assert.Equal(pages, result.Calls);
        Assert.Equal(seeded.Select(c => c.ContactId), result.Items.Select(c => c.ContactId).Order());
        Assert.Equal(seeded.Select(c => c.Standing), result.Items.OrderBy(c => c.ContactId).Select(c => c.Standing));
        Assert.All(result.Items, c => Assert.Equal("character", c.ContactType));
        // Only a one-page read can be asked "changed?" later; a longer one hands out no ETag.
        Assert.Equal(pages == 1, result.ETag is not null);
        // On the wire: exactly one successful GET per page (2 tokens each), then the 2-token probe.
        Assert.Equal(tokensBefore - 2 * pages - 2, await _rig.SocialTokensLeftAfterProbeAsync(me));
    }

    [Fact]
    public async Task A_change_on_a_later_page_is_never_reported_as_not_modified()
    {
        var me = DemoPersonas.Administrator;
        var token = _rig.Token(me);
        var seeded = Enumerable.Range(0, 1_100).Select(i => Contact(2_000_000_000L + i)).ToList();
        _rig.Store.ReplaceContacts(me, seeded);
        var first = await _rig.Esi.GetContactsAsync(me, token, null, Ct);

        _rig.Store.ReplaceContacts(me, seeded.Take(1_099).ToList()); // the last contact, on page 2, is gone
        _rig.Time.Advance(ReadCache); // past ESI's read cache, which would still serve the old pages
        var second = await _rig.Esi.GetContactsAsync(me, token, first.ETag, Ct);

        Assert.Null(first.ETag);
        Assert.False(second.NotModified);
        Assert.Equal(1_099, second.Items.Count);
    }

    [Fact]
    public async Task Contacts_read_again_with_their_etag_are_not_modified_until_a_write_changes_them()
    {
        var me = DemoPersonas.Administrator;
        var token = _rig.Token(me);
        var first = await _rig.Esi.GetContactsAsync(me, token, null, Ct);
        Assert.False(first.NotModified);
        Assert.Equal(4, first.Items.Count);
        Assert.False(string.IsNullOrEmpty(first.ETag));

        var again = await _rig.Esi.GetContactsAsync(me, token, first.ETag, Ct);
        Assert.True(again.NotModified);
        Assert.Empty(again.Items);
        Assert.Equal(first.ETag, again.ETag);
        Assert.Equal(1, again.Calls);

        // Polly Plunder is known to ESI and not yet one of the Administrator's contacts.
        var added = await _rig.Esi.AddContactsAsync(me, token, [90_000_202], 5, [], watched: false, Ct);
        Assert.Equal([90_000_202L], added.Value);

        // ESI serves reads from a cache for up to 300 s: right after the write the read is stale and still "not modified".
        Assert.True((await _rig.Esi.GetContactsAsync(me, token, first.ETag, Ct)).NotModified);
        _rig.Time.Advance(ReadCache);

        var changed = await _rig.Esi.GetContactsAsync(me, token, first.ETag, Ct);
        Assert.False(changed.NotModified);
        Assert.NotEqual(first.ETag, changed.ETag);
        Assert.Equal(5, changed.Items.Count);
        Assert.Contains(changed.Items, c => c.ContactId == 90_000_202 && c.Standing == 5);

        var settled = await _rig.Esi.GetContactsAsync(me, token, changed.ETag, Ct);
        Assert.True(settled.NotModified);
    }

    [Fact]
    public async Task Labels_read_again_with_their_etag_are_not_modified_until_the_labels_change()
    {
        var me = DemoPersonas.Approver;
        var token = _rig.Token(me);
        var first = await _rig.Esi.GetContactLabelsAsync(me, token, null, Ct);
        Assert.False(first.NotModified);
        Assert.Equal(["Friends", _rig.Store.StandingsLabelName, "Traders"], first.Items.Select(l => l.LabelName));
        Assert.Equal([DemoEsiStore.FriendsLabelId, DemoEsiStore.StandingsLabelId, DemoEsiStore.TradersLabelId], first.Items.Select(l => l.LabelId));

        var again = await _rig.Esi.GetContactLabelsAsync(me, token, first.ETag, Ct);
        Assert.True(again.NotModified);
        Assert.Empty(again.Items);
        Assert.Equal(1, again.Calls);

        // A contact write leaves the labels' content, and so their ETag, alone.
        await _rig.Esi.AddContactsAsync(me, token, [90_000_202], 5, [DemoEsiStore.StandingsLabelId], watched: false, Ct);
        Assert.True((await _rig.Esi.GetContactLabelsAsync(me, token, first.ETag, Ct)).NotModified);

        _rig.Store.ReplaceLabels(me, [.. _rig.Store.Labels(me), new DemoEsiLabel(8, "Wardecs")]);
        _rig.Time.Advance(ReadCache);
        var changed = await _rig.Esi.GetContactLabelsAsync(me, token, first.ETag, Ct);
        Assert.False(changed.NotModified);
        Assert.NotEqual(first.ETag, changed.ETag);
        Assert.Contains(changed.Items, l => l.LabelId == 8 && l.LabelName == "Wardecs");
    }
}
