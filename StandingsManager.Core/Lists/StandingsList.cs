using StandingsManager.Core.Eve;
using StandingsManager.Core.Persistence;

namespace StandingsManager.Core.Lists;

/// <summary>
/// One standings list: its entries carry its in-game label to the characters its audience allows. The first list
/// (<see cref="FirstListId"/>) is the one the app kept before lists existed.
/// </summary>
public sealed class StandingsList : IVersioned
{
    /// <summary>The list every database has: created by the migration that introduced lists, labelled from <c>Standings:LabelName</c>.</summary>
    public const int FirstListId = 1;
    public const int NameLength = 100;
    /// <summary>EVE's longest label name.</summary>
    public const int LabelLength = 40;

    public int Id { get; set; }
    public required string Name { get; set; }
    /// <summary>The in-game contact label that marks this list's contacts; unique among the lists not deleted.</summary>
    public required string LabelName { get; set; }
    public ListSource Source { get; set; }
    /// <summary>Which access states receive the list.</summary>
    public ListAudienceStates AudienceStates { get; set; } = ListAudienceStates.Member | ListAudienceStates.Blue;
    /// <summary>Space-separated corporation ids: when this or <see cref="AudienceAllianceIds"/> is set, only their members receive it.</summary>
    public string AudienceCorporationIds { get; set; } = "";
    /// <summary>Space-separated alliance ids narrowing the audience (see <see cref="AudienceCorporationIds"/>).</summary>
    public string AudienceAllianceIds { get; set; } = "";
    /// <summary>Higher wins: when one entity is on several lists a character receives, this list's standing decides.</summary>
    public int Priority { get; set; }
    /// <summary>The standing the source writes where it gives none (a request's default, a war target's −10).</summary>
    public double DefaultStanding { get; set; }
    public bool Enabled { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Deleted lists stay as rows (audit and ledger rows name them) but hold no entries and sync nowhere.</summary>
    public DateTimeOffset? DeletedAt { get; set; }
    public string? DeletedReason { get; set; }

    // ---- In-game contacts source --------------------------------------------------------------------------------
    /// <summary>The administrator's character whose grant reads the in-game contact list.</summary>
    public long? MirrorCharacterId { get; set; }
    /// <summary>Whose in-game contacts are followed: a corporation or an alliance.</summary>
    public EntityType? MirrorOwnerType { get; set; }
    public long? MirrorOwnerId { get; set; }
    public string? MirrorOwnerName { get; set; }
    /// <summary>Only contacts at or above this standing are kept (e.g. 0.01 keeps only blues); null keeps all.</summary>
    public double? MirrorMinimumStanding { get; set; }

    // ---- Sources that read ESI (in-game contacts, war targets) ---------------------------------------------------
    /// <summary>When the source was last read successfully.</summary>
    public DateTimeOffset? SourceReadAt { get; set; }
    /// <summary>ESI's <c>Expires</c> of the last read: no read before it, not even "Read now".</summary>
    public DateTimeOffset? SourceExpiresAt { get; set; }
    public string? SourceETag { get; set; }
    /// <summary>Why the source stopped following (lost grant or roles, unreadable): shown on the list; null when healthy.</summary>
    public string? SourceProblem { get; set; }
    /// <summary>The problem in every UI language (<see cref="Localization.Translations"/> as JSON); null on older rows.</summary>
    public string? SourceProblemTexts { get; set; }

    public const int SourceProblemLength = 1000;

    /// <summary>Why the source stopped, in the reader's language.</summary>
    public string? ShownSourceProblem => Localization.Translations.Show(SourceProblem, SourceProblemTexts);

    // ---- War targets source -------------------------------------------------------------------------------------
    /// <summary>Wars declared but not yet started count as well.</summary>
    public bool IncludePendingWars { get; set; } = true;

    public int Version { get; set; }

    /// <summary>Read-only lists take no requests, hand edits or CSV imports: their source writes them.</summary>
    public bool IsReadOnly => Source != ListSource.Requests;

    public bool IsActive => Enabled && DeletedAt is null;
}
