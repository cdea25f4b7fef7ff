using Microsoft.EntityFrameworkCore;
using StandingsManager.Core.Persistence;

namespace StandingsManager.Core.Lists;

/// <summary>The list the app kept before lists existed, named and labelled by the settings until someone edits it.</summary>
public static class FirstList
{
    /// <summary>
    /// Gives the first list <c>Standings:LabelName</c> (its name and label) and <c>Standings:DefaultStanding</c> while no
    /// administrator has edited it (version 0), so an installation that upgrades keeps syncing under its label. The
    /// update bypasses the version stamp on purpose: only an edit on the Lists page makes the list the page's.
    /// </summary>
    public static async Task AdoptSettingsAsync(StandingsDbContext db, StandingsOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(options);
        var label = options.LabelName.Trim();
        await db.Lists.Where(l => l.Id == StandingsList.FirstListId && l.Version == 0
                && (l.LabelName != label || l.Name != label || l.DefaultStanding != options.DefaultStanding))
            .ExecuteUpdateAsync(u => u.SetProperty(l => l.LabelName, label).SetProperty(l => l.Name, label)
                .SetProperty(l => l.DefaultStanding, options.DefaultStanding), ct);
    }
}
