using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Standings;
using StandingsManager.Core.Sync;

namespace StandingsManager.Core.LiveEvents;

/// <summary>One event as it travels between instances: who sent it, which notifier it belongs to, and its fields.</summary>
internal sealed record LiveEvent(string Origin, object Change);

/// <summary>
/// The NOTIFY payload: compact JSON <c>{"o":origin,"t":type,"e":{fields}}</c>, enums by name (instances of two versions meet
/// during a rolling upgrade), default fields left out. PostgreSQL refuses payloads of 8000 bytes or more; the only field
/// that can grow is a sync event's message, which is shortened to fit.
/// </summary>
internal static class LiveEventPayload
{
    /// <summary>Under PostgreSQL's 8000-byte limit, with room to spare.</summary>
    public const int MaxBytes = 7_000;

    /// <summary>A sync message longer than this is cut when the payload would not fit; the page reloads the full one.</summary>
    public const int ShortMessageLength = 500;

    private const string Sync = "sync";
    private const string Standings = "standings";
    private const string Role = "role";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault,
    };

    /// <summary>The payload for <paramref name="change"/>; null when it is of no known type or cannot be made to fit.</summary>
    public static string? Encode(string origin, object change)
    {
        var payload = change switch
        {
            SyncEvent e => Write(origin, Sync, e),
            StandingsChange e => Write(origin, Standings, e),
            RoleChange e => Write(origin, Role, e),
            _ => null,
        };
        // Too big for one notification: the translations go first (the English stays), then the message is cut.
        if (payload is not null && Encoding.UTF8.GetByteCount(payload) > MaxBytes && change is SyncEvent { MessageTexts: not null } translated)
        {
            change = translated with { MessageTexts = null };
            payload = Write(origin, Sync, (SyncEvent)change);
        }
        if (payload is not null && Encoding.UTF8.GetByteCount(payload) > MaxBytes && change is SyncEvent { Message.Length: > ShortMessageLength } big)
            payload = Write(origin, Sync, big with { Message = big.Message[..ShortMessageLength] + "…" });
        return payload is not null && Encoding.UTF8.GetByteCount(payload) <= MaxBytes ? payload : null;
    }

    /// <summary>The event in <paramref name="payload"/>; null for a type this version does not know (a newer instance's).</summary>
    /// <exception cref="JsonException">The payload is not one of ours.</exception>
    public static LiveEvent? Decode(string payload)
    {
        var envelope = JsonSerializer.Deserialize<Envelope>(payload, Json) ?? throw new JsonException("The payload is empty.");
        if (string.IsNullOrEmpty(envelope.O))
            throw new JsonException("The payload names no origin.");
        object? change = envelope.T switch
        {
            Sync => envelope.E.Deserialize<SyncEvent>(Json),
            Standings => envelope.E.Deserialize<StandingsChange>(Json),
            Role => envelope.E.Deserialize<RoleChange>(Json),
            _ => null,
        };
        return change is null ? null : new LiveEvent(envelope.O, change);
    }

    private static string Write<T>(string origin, string type, T change) =>
        JsonSerializer.Serialize(new Envelope(origin, type, JsonSerializer.SerializeToElement(change, Json)), Json);

    private sealed record Envelope(string O, string T, JsonElement E);
}
