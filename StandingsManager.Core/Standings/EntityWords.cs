using StandingsManager.Core.Eve;
using StandingsManager.Core.Localization;

namespace StandingsManager.Core.Standings;

/// <summary>
/// EVE's kinds of entity as a message names one ("a corporation"), in the current language. The categories are ESI's
/// (character, corporation, alliance, faction); any other is shown as ESI spells it.
/// </summary>
internal static class EntityWords
{
    /// <summary>The kind with its indefinite article, where the language has one.</summary>
    public static string WithArticle(string category) => category switch
    {
        "character" => CoreText.Get("Entity.A.Character"),
        "corporation" => CoreText.Get("Entity.A.Corporation"),
        "alliance" => CoreText.Get("Entity.A.Alliance"),
        "faction" => CoreText.Get("Entity.A.Faction"),
        _ => category,
    };

    /// <summary>"EVE knows no corporation named '…'": one whole sentence per kind the list takes.</summary>
    public static string UnknownName(EntityType type, string name) => type switch
    {
        EntityType.Character => CoreText.Format("Entity.UnknownName.Character", name),
        EntityType.Corporation => CoreText.Format("Entity.UnknownName.Corporation", name),
        _ => CoreText.Format("Entity.UnknownName.Alliance", name),
    };
}
