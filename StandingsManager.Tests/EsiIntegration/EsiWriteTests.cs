using System.Globalization;
using System.Net;
using StandingsManager.App.Demo;
using StandingsManager.App.Demo.Esi;
using StandingsManager.Core.Eve.Esi;
using StandingsManager.Tests.TestSupport;

namespace StandingsManager.Tests.EsiIntegration;

/// <summary>
/// Contact writes of the real client against the simulator. The simulator only accepts ids its universe knows
/// (20 of them), so writes of more than 100 distinct ids cannot all succeed; chunking is proven through the
/// simulator's own refusals (it rejects a body of more than 100 ids outright, and names the unknown ids of the
/// one request it did get), and de-duplication through 250-entry lists of the known ids.
/// </summary>
public sealed class EsiWriteTests : IAsyncLifetime
{
    private const long Me = DemoPersonas.Administrator;
    private readonly EsiRig _rig = new();
    private static CancellationToken Ct => EsiRig.Ct;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;
    public ValueTask DisposeAsync() => _rig.DisposeAsync();

    /// <summary>Everyone and everything ESI knows except the writing character itself.</summary>
    private static readonly long[] Known = [.. DemoEsiUniverse.All.Keys.Where(id => id != Me && !DemoUniverse.IsCrowd(id)).Order()];

    /// <summary>250 entries cycling through <see cref="Known"/>.</summary>
    private static long[] TwoHundredFiftyKnown() => [.. Enumerable.Range(0, 250).Select(i => Known[i % Known.Length])];

    [Fact]
    public async Task Adding_250_entries_creates_every_distinct_known_id_with_the_standing_label_and_watch_flag()
    {
        _rig.Store.ReplaceContacts(Me, []);
        var token = _rig.Token(Me);

        // The simulator refuses bodies of more than 100 ids, so success also shows the list went out de-duplicated.
        var result = await _rig.Esi.AddContactsAsync(Me, token, TwoHundredFiftyKnown(), 7.5, [DemoEsiStore.StandingsLabelId], watched: true, Ct);

        Assert.Equal(Known, result.Value.Order());
        Assert.Equal(1, result.Calls);
        var stored = _rig.Store.Contacts(Me);
        Assert.Equal(Known, stored.Select(c => c.ContactId));
        Assert.All(stored, c =>
        {
            Assert.Equal(7.5, c.Standing);
            Assert.Equal([DemoEsiStore.StandingsLabelId], c.LabelIds);
            Assert.Equal(c.ContactType == DemoEsiUniverse.Character, c.IsWatched);
            Assert.Equal(DemoEsiUniverse.Find(c.ContactId)!.Category, c.ContactType);
        });
    }

    [Fact]
    public async Task Adding_reports_only_the_ids_esi_created()
    {
        var token = _rig.Token(Me);
        var existing = _rig.Store.Contacts(Me).Select(c => c.ContactId).ToHashSet();
        Assert.NotEmpty(existing);

        var result = await _rig.Esi.AddContactsAsync(Me, token, Known, 0, [], watched: false, Ct);

        Assert.Equal(Known.Where(id => !existing.Contains(id)), result.Value.Order());
        Assert.Equal(Known, _rig.Store.Contacts(Me).Select(c => c.ContactId));
    }

    [Fact]
    public async Task Adding_250_distinct_ids_goes_out_in_chunks_of_100_and_stops_at_the_first_refused_chunk()
    {
        _rig.Store.ReplaceContacts(Me, []);
        var token = _rig.Token(Me);
        long[] unknown = [.. Enumerable.Range(0, 250 - Known.Length).Select(i => 3_000_000_000L + i)];
        long[] ids = [.. Known, .. unknown];
        var errorsBefore = await _rig.ErrorsRemainAsync();

        var ex = await Assert.ThrowsAsync<EsiException>(() => _rig.Esi.AddContactsAsync(Me, token, ids, 5, [], watched: false, Ct));

        // A body of 250 would be refused as "1 to 100 items"; the simulator instead names exactly the unknown ids
        // among the first 100, so the first request carried ids[0..100] and nothing more.
        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.StartsWith("Unknown contact ids: ", ex.EsiError, StringComparison.Ordinal);
        var named = ex.EsiError!["Unknown contact ids: ".Length..].Split(", ").Select(s => long.Parse(s, CultureInfo.InvariantCulture));
        Assert.Equal(ids.Take(EsiClient.MaxContactsPerWrite).Where(id => id >= 3_000_000_000L), named);
        Assert.False(ex.IsRetryable);
        Assert.Equal("POST /characters/{character_id}/contacts", ex.Route);
        Assert.Contains(ex.Route, ex.Message, StringComparison.Ordinal);
        EsiRig.AssertNoToken(ex, token);
        Assert.Empty(_rig.Store.Contacts(Me));
        // Exactly one failed request reached ESI: the client neither retried the 400 nor sent the later chunks.
        Assert.Equal(errorsBefore - 1, await _rig.ErrorsRemainAsync());
    }

    [Fact]
    public async Task Editing_changes_standing_labels_and_watch_flag_of_existing_contacts()
    {
        _rig.Store.ReplaceContacts(Me, []);
        var token = _rig.Token(Me);
        await _rig.Esi.AddContactsAsync(Me, token, Known, 10, [DemoEsiStore.StandingsLabelId], watched: true, Ct);

        var result = await _rig.Esi.EditContactsAsync(Me, token, TwoHundredFiftyKnown(), -5, [DemoEsiStore.FriendsLabelId, DemoEsiStore.TradersLabelId], watched: false, Ct);

        Assert.Equal(1, result.Calls);
        var stored = _rig.Store.Contacts(Me);
        Assert.Equal(Known, stored.Select(c => c.ContactId));
        Assert.All(stored, c =>
        {
            Assert.Equal(-5, c.Standing);
            Assert.Equal([DemoEsiStore.FriendsLabelId, DemoEsiStore.TradersLabelId], c.LabelIds);
            Assert.False(c.IsWatched);
        });
        var read = await _rig.Esi.GetContactsAsync(Me, token, null, Ct);
        Assert.All(read.Items, c => Assert.Equal(-5, c.Standing));
    }

    [Fact]
    public async Task Deleting_45_contacts_takes_three_deletes_of_at_most_20()
    {
        long[] doomed = [.. Enumerable.Range(0, 45).Select(i => 2_100_000_000L + i)];
        long[] kept = [.. Enumerable.Range(45, 5).Select(i => 2_100_000_000L + i)];
        _rig.Store.ReplaceContacts(Me, [.. doomed.Concat(kept).Select(id => new DemoEsiContact(id, DemoEsiUniverse.Character, 5, [], false, false))]);
        var token = _rig.Token(Me);
        var tokensBefore = await _rig.SocialTokensLeftAfterProbeAsync(Me);

        // The simulator refuses a DELETE of more than 20 ids, so success means every chunk was small enough.
        var result = await _rig.Esi.DeleteContactsAsync(Me, token, [.. doomed, .. doomed.Take(10)], Ct);

        Assert.Equal(3, result.Calls);
        Assert.Equal(kept, _rig.Store.Contacts(Me).Select(c => c.ContactId));
        // Three successful requests on the wire (2 tokens each), then the probe.
        Assert.Equal(tokensBefore - 3 * 2 - 2, await _rig.SocialTokensLeftAfterProbeAsync(Me));
    }

    [Fact]
    public async Task A_label_the_character_does_not_have_is_a_clear_400_and_changes_nothing()
    {
        var token = _rig.Token(Me);
        var before = _rig.Store.Contacts(Me);

        var ex = await Assert.ThrowsAsync<EsiException>(() => _rig.Esi.AddContactsAsync(Me, token, [90_000_202], 5, [1L << 40], watched: false, Ct));

        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.False(ex.IsRetryable);
        Assert.Equal("label_ids contains a label this character does not have", ex.EsiError);
        Assert.Contains("POST /characters/{character_id}/contacts", ex.Message, StringComparison.Ordinal);
        Assert.Contains(Me.ToString(CultureInfo.InvariantCulture), ex.Message, StringComparison.Ordinal);
        Assert.Contains("400", ex.Message, StringComparison.Ordinal);
        Assert.Contains("label_ids contains a label this character does not have", ex.Message, StringComparison.Ordinal);
        EsiRig.AssertNoToken(ex, token);
        Assert.Equal(before, _rig.Store.Contacts(Me));
    }

    [Fact]
    public async Task The_standings_label_on_a_character_who_never_created_it_is_a_400_on_edit_too()
    {
        const long mia = DemoUniverse.PersonaWithoutStandingsLabel;
        var token = _rig.Token(mia);
        var before = _rig.Store.Contacts(mia);

        var ex = await Assert.ThrowsAsync<EsiException>(() =>
            _rig.Esi.EditContactsAsync(mia, token, [.. before.Select(c => c.ContactId)], 10, [DemoEsiStore.StandingsLabelId], watched: false, Ct));

        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.Equal("PUT /characters/{character_id}/contacts", ex.Route);
        Assert.Contains("label_ids contains a label this character does not have", ex.Message, StringComparison.Ordinal);
        EsiRig.AssertNoToken(ex, token);
        Assert.Equal(before, _rig.Store.Contacts(mia));
    }

    [Fact]
    public async Task Adding_250_pilots_goes_out_as_three_posts_and_creates_them_all()
    {
        _rig.Store.ReplaceContacts(Me, []);
        long[] pilots = [.. DemoUniverse.Crowd.Take(250).Select(p => p.Id)];

        var result = await _rig.Esi.AddContactsAsync(Me, _rig.Token(Me), pilots, -5, [], watched: false, Ct);

        Assert.Equal(3, result.Calls); // 100 + 100 + 50: the simulator refuses more than 100 in one call
        Assert.Equal(pilots, result.Value.Order());
        Assert.Equal(pilots, _rig.Store.Contacts(Me).Select(c => c.ContactId).Order());
        Assert.All(_rig.Store.Contacts(Me), c => Assert.Equal(-5, c.Standing));
    }

    [Fact]
    public async Task When_a_later_call_of_an_add_fails_the_ids_already_created_are_reported()
    {
        _rig.Store.ReplaceContacts(Me, []);
        var token = _rig.Token(Me);
        long[] pilots = [.. DemoUniverse.Crowd.Take(250).Select(p => p.Id)];
        pilots[150] = 3_999_999_999; // unknown to EVE: the second call of 100 is refused

        var ex = await Assert.ThrowsAsync<EsiException>(() => _rig.Esi.AddContactsAsync(Me, token, pilots, 5, [], watched: false, Ct));

        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.Equal(pilots.Take(100), ex.Landed);
        Assert.Equal(pilots.Take(100).Order(), _rig.Store.Contacts(Me).Select(c => c.ContactId).Order());
        EsiRig.AssertNoToken(ex, token);
    }
}
