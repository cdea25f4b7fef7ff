using System.Globalization;
using System.Text.Json;
using StandingsManager.Core.Standings;

namespace StandingsManager.Core.Webhooks;

/// <summary>One event as posted: the change's id (the event id receivers dedupe by), its type and the exact body bytes that are signed.</summary>
public sealed record WebhookEvent(long Id, string Type, byte[] Body)
{
    public static string TypeOf(EntryChangeKind kind) => kind switch
    {
        EntryChangeKind.Added => "entry.added",
        EntryChangeKind.Changed => "entry.changed",
        _ => "entry.removed",
    };

    /// <summary>The event JSON of one change (the README shows it).</summary>
    public static WebhookEvent From(EntryChange change, string listName)
    {
        ArgumentNullException.ThrowIfNull(change);
        var type = TypeOf(change.Kind);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("id", change.Id);
            json.WriteString("type", type);
            json.WriteString("time", change.At.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            json.WriteStartObject("list");
            json.WriteNumber("id", change.ListId);
            json.WriteString("name", listName);
            json.WriteEndObject();
            json.WriteStartObject("entity");
            json.WriteNumber("id", change.EntityId);
            json.WriteString("type", StandingsCsv.TypeName(change.EntityType));
            json.WriteString("name", change.EntityName);
            json.WriteEndObject();
            WriteNumberOrNull(json, "standingBefore", change.StandingBefore);
            WriteNumberOrNull(json, "standingAfter", change.StandingAfter);
            if (change.Notes is null)
                json.WriteNull("notes");
            else
                json.WriteString("notes", change.Notes);
            if (change.ExpiresAt is { } expires)
                json.WriteString("expiresAt", expires.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            else
                json.WriteNull("expiresAt");
            json.WriteEndObject();
        }
        return new WebhookEvent(change.Id, type, buffer.ToArray());
    }

    private static void WriteNumberOrNull(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v)
            json.WriteNumber(name, v);
        else
            json.WriteNull(name);
    }
}
