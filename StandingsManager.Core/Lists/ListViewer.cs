using Microsoft.EntityFrameworkCore;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Persistence;

namespace StandingsManager.Core.Lists;

/// <summary>Who a list's audience is checked against: the owner's state and the main's corporation and alliance.</summary>
public sealed record ListViewer(AccessState State, long? CorporationId, long? AllianceId)
{
    public bool Receives(StandingsList list) => ListAudience.Reaches(list, State, CorporationId, AllianceId);

    public static async Task<ListViewer> LoadAsync(StandingsDbContext db, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(actor);
        var main = actor.MainCharacterId is { } id
            ? await db.Characters.AsNoTracking().Where(c => c.Id == id).Select(c => new { c.CorporationId, c.AllianceId }).SingleOrDefaultAsync(ct)
            : null;
        return new ListViewer(actor.State, main?.CorporationId, main?.AllianceId);
    }
}
