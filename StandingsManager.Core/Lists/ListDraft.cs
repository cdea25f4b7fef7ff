using StandingsManager.Core.Standings;

namespace StandingsManager.Core.Lists;

/// <summary>
/// A list as an administrator typed it on the Lists page. <see cref="AudienceCorporations"/> and
/// <see cref="AudienceAlliances"/> hold names or ids separated by commas or new lines; they are resolved through EVE.
/// </summary>
public sealed record ListDraft
{
    public string Name { get; init; } = "";
    public string LabelName { get; init; } = "";
    public ListSource Source { get; init; } = ListSource.Requests;
    public ListAudienceStates AudienceStates { get; init; } = ListAudienceStates.Member | ListAudienceStates.Blue;
    public string AudienceCorporations { get; init; } = "";
    public string AudienceAlliances { get; init; } = "";
    public int Priority { get; init; }
    public double DefaultStanding { get; init; }
    /// <summary>In-game contacts: the administrator's own character whose grant reads the list.</summary>
    public long? MirrorCharacterId { get; init; }
    /// <summary>In-game contacts: the character's alliance's list or its corporation's.</summary>
    public ContactListOwner MirrorOwner { get; init; } = ContactListOwner.Alliance;
    /// <summary>In-game contacts: keep only contacts at or above this standing; null keeps all.</summary>
    public double? MirrorMinimumStanding { get; init; }
    /// <summary>War targets: declared wars that have not started yet count too.</summary>
    public bool IncludePendingWars { get; init; } = true;

    /// <summary>The draft a new list of <paramref name="source"/> starts from (war targets are red).</summary>
    public static ListDraft For(ListSource source) => new()
    {
        Source = source,
        DefaultStanding = source == ListSource.WarTargets ? -10 : 5,
    };

    /// <summary>The draft that edits <paramref name="list"/> as it is; audience ids are shown as ids.</summary>
    public static ListDraft Of(StandingsList list)
    {
        ArgumentNullException.ThrowIfNull(list);
        return new()
        {
            Name = list.Name,
            LabelName = list.LabelName,
            Source = list.Source,
            AudienceStates = list.AudienceStates,
            AudienceCorporations = string.Join(", ", ListAudience.ParseIds(list.AudienceCorporationIds)),
            AudienceAlliances = string.Join(", ", ListAudience.ParseIds(list.AudienceAllianceIds)),
            Priority = list.Priority,
            DefaultStanding = list.DefaultStanding,
            MirrorCharacterId = list.MirrorCharacterId,
            MirrorOwner = list.MirrorOwnerType == Eve.EntityType.Corporation ? ContactListOwner.Corporation : ContactListOwner.Alliance,
            MirrorMinimumStanding = list.MirrorMinimumStanding,
            IncludePendingWars = list.IncludePendingWars,
        };
    }
}
