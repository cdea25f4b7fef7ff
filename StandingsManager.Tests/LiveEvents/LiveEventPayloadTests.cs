using System.Text;
using System.Text.Json;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.LiveEvents;
using StandingsManager.Core.Standings;
using StandingsManager.Core.Sync;

using StandingsManager.Tests.TestSupport;

namespace StandingsManager.Tests.LiveEvents;

public sealed class LiveEventPayloadTests
{
    private const string Origin = "0123456789abcdef0123456789abcdef";

    public static TheoryData<object> Changes() =>
    [
        new SyncEvent(SyncEventKind.Progress, 2_112_000_001, 42, SyncStatus.Warning, "Writing", Added: 3, Updated: 2, Removed: 1, EsiCalls: 9,
            At: new DateTimeOffset(2026, 12, 6, 7, 0, 0, TimeSpan.Zero)),
        new SyncEvent(SyncEventKind.Queued, 2_112_000_002, 43, SyncStatus.Pending),
        new StandingsChange(StandingsChangeKind.Entries, 4),
        new StandingsChange(StandingsChangeKind.Lists),
        new RoleChange(17),
    ];

    [Theory]
    [MemberData(nameof(Changes))]
    public void Each_change_travels_whole_with_its_origin(object change)
    {
        var received = LiveEventPayload.Decode(LiveEventPayload.Encode(Origin, change)!);

        Assert.Equal(new LiveEvent(Origin, change), received);
    }

    [Fact]
    public void Enums_travel_by_name_so_two_versions_of_the_app_agree()
    {
        var payload = LiveEventPayload.Encode(Origin, new SyncEvent(SyncEventKind.Finished, 1, 2, SyncStatus.Error))!;

        Assert.Contains("\"kind\":\"Finished\"", payload, StringComparison.Ordinal);
        Assert.Contains("\"status\":\"Error\"", payload, StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_sync_message_is_shortened_to_fit_under_the_notification_limit()
    {
        var message = new string('x', 20_000);

        var payload = LiveEventPayload.Encode(Origin, new SyncEvent(SyncEventKind.Finished, 1, 2, SyncStatus.Error, message))!;

        Assert.True(Encoding.UTF8.GetByteCount(payload) <= LiveEventPayload.MaxBytes);
        var received = (SyncEvent)LiveEventPayload.Decode(payload)!.Change;
        Assert.Equal(new string('x', LiveEventPayload.ShortMessageLength) + "…", received.Message);
        Assert.Equal(SyncStatus.Error, received.Status);
    }

    [Fact]
    public void A_message_in_every_language_travels_to_the_other_instances_and_reads_in_the_readers()
    {
        var sent = new SyncEvent(SyncEventKind.Finished, 1, 2, SyncStatus.Error).Saying(SyncMessages.GrantRefused);

        var received = (SyncEvent)LiveEventPayload.Decode(LiveEventPayload.Encode(Origin, sent)!)!.Change;

        CoreLanguage.Set("de");
        Assert.Equal("EVE akzeptiert die Berechtigung dieses Charakters nicht mehr: Fügen Sie den Charakter erneut hinzu (Seite „Charaktere“).", received.ShownMessage);
        CoreLanguage.Set("en");
        Assert.Equal(sent.Message, received.ShownMessage);
    }

    [Fact]
    public void Too_big_with_its_translations_it_travels_in_english()
    {
        var sent = new SyncEvent(SyncEventKind.Finished, 1, 2, SyncStatus.Error).Saying(SyncMessages.Unexpected(new InvalidOperationException(new string('x', 900))));

        var payload = LiveEventPayload.Encode(Origin, sent)!;

        Assert.True(Encoding.UTF8.GetByteCount(payload) <= LiveEventPayload.MaxBytes);
        var received = (SyncEvent)LiveEventPayload.Decode(payload)!.Change;
        Assert.Null(received.MessageTexts);
        Assert.Equal(sent.Message, received.Message);
    }

    [Fact]
    public void A_type_this_version_does_not_know_is_passed_over()
    {
        Assert.Null(LiveEventPayload.Decode("""{"o":"0123456789abcdef0123456789abcdef","t":"something-newer","e":{"id":1}}"""));
        Assert.Null(LiveEventPayload.Encode(Origin, "not an event"));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"t":"role","e":{"accountId":1}}""")]
    public void A_payload_that_is_not_ours_is_refused(string payload) =>
        Assert.ThrowsAny<JsonException>(() => LiveEventPayload.Decode(payload));
}
