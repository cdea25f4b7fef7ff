using Microsoft.Extensions.Logging;

namespace StandingsManager.Core.Sync;

public enum SyncEventKind
{
    /// <summary>The character was made due (sync now, a list change) and waits for a worker.</summary>
    Queued,
    Started,
    /// <summary>A write call landed; the counts so far are in the event.</summary>
    Progress,
    Finished,
    /// <summary>Added to or removed from sync, enabled or disabled: lists of synced characters should reload.</summary>
    Changed,
}

/// <summary>One step of one character's sync, as open pages and hub clients see it.</summary>
public sealed record SyncEvent(
    SyncEventKind Kind,
    long CharacterId,
    int AccountId,
    SyncStatus Status,
    string? Message = null,
    int Added = 0,
    int Updated = 0,
    int Removed = 0,
    int EsiCalls = 0,
    DateTimeOffset? At = null,
    string? MessageTexts = null)
{
    /// <summary>The message in the reader's language when the event carries it in every language (<see cref="MessageTexts"/>, JSON).</summary>
    public string? ShownMessage => Localization.Translations.Show(Message, MessageTexts);

    /// <summary>The event with <paramref name="message"/> in English and in every language.</summary>
    public SyncEvent Saying(Localization.Phrase message)
    {
        var texts = message.Capture(SyncRunRecorder.StatusLength);
        return this with { Message = texts.English, MessageTexts = texts.ToJson() };
    }
}

/// <summary>Sync progress: the engine and scheduler publish, pages and the hub subscribe.</summary>
public sealed class SyncEvents(ILogger<SyncEvents> logger) : InProcessNotifier<SyncEvent>(logger);
