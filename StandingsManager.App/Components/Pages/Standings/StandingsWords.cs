using Microsoft.Extensions.Localization;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Lists;
using StandingsManager.Core.Standings;

namespace StandingsManager.App.Components.Pages.Standings;

/// <summary>The words several standings components show for Core's values (types, ESI categories, list sources).</summary>
public static class StandingsWords
{
    /// <summary>"Character", "Corporation", "Alliance": a column's or a picker's word for the type.</summary>
    public static string TypeName(this IStringLocalizer<StandingsText> t, EntityType type)
    {
        ArgumentNullException.ThrowIfNull(t);
        return type switch
        {
            EntityType.Character => t["Type.Character"],
            EntityType.Corporation => t["Type.Corporation"],
            _ => t["Type.Alliance"],
        };
    }

    /// <summary>ESI's category ("corporation", "faction") as a word inside a sentence; one it does not know stays as ESI wrote it.</summary>
    public static string CategoryName(this IStringLocalizer<StandingsText> t, string category)
    {
        ArgumentNullException.ThrowIfNull(t);
        return StandingsCsv.TypeOf(category) switch
        {
            EntityType.Character => t["Category.Character"],
            EntityType.Corporation => t["Category.Corporation"],
            EntityType.Alliance => t["Category.Alliance"],
            _ when string.Equals(category, "faction", StringComparison.OrdinalIgnoreCase) => t["Category.Faction"],
            _ => category,
        };
    }

    /// <summary>Where a read-only list's entries come from, inside a sentence.</summary>
    public static string SourceName(this IStringLocalizer<StandingsText> t, ListSource source)
    {
        ArgumentNullException.ThrowIfNull(t);
        return source switch
        {
            ListSource.InGameContacts => t["Source.InGameContacts"],
            ListSource.WarTargets => t["Source.WarTargets"],
            _ => t["Source.Requests"],
        };
    }
}
