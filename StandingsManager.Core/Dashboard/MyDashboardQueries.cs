using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Localization;
using StandingsManager.Core.Persistence;
using StandingsManager.Core.Requests;
using StandingsManager.Core.Sync;

namespace StandingsManager.Core.Dashboard;

/// <summary>
/// The dashboard of the user themself, guest or member: only their own account is read, so it needs no role; a
/// deactivated or removed account is refused like everywhere else.
/// </summary>
public sealed class MyDashboardQueries(IDbContextFactory<StandingsDbContext> dbFactory, ActorLoader actors, AccessStates states, IOptions<StandingsOptions> options)
{
    private static readonly SyncStatus[] Problems = [SyncStatus.Warning, SyncStatus.Error, SyncStatus.Disabled];

    public async Task<MyDashboard> ReadAsync(int accountId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.LoadAsync(db, accountId, ct);
        var main = await db.Characters.AsNoTracking().Where(c => c.AccountId == accountId)
            .OrderBy(c => c.Id == actor.MainCharacterId ? 0 : 1).ThenBy(c => c.Id).FirstOrDefaultAsync(ct);
        var organization = options.Value.Organization;
        long[] ids = [.. organization.CorporationIds, .. organization.AllianceIds, main?.CorporationId ?? 0, main?.AllianceId ?? 0];
        var names = await db.EveEntities.AsNoTracking().Where(e => ids.Contains(e.Id)).ToDictionaryAsync(e => e.Id, e => e.Name, ct);
        // A name not looked up yet still says what it is.
        string Name(long id, string unknownKey) => names.TryGetValue(id, out var name) ? name : CoreText.Format(unknownKey, id.ToString(CultureInfo.InvariantCulture));

        var problems = await db.SyncedCharacters.AsNoTracking()
            .Where(s => s.AccountId == accountId && Problems.Contains(s.Status))
            .Join(db.Characters, s => s.CharacterId, c => c.Id, (s, c) => new { s.CharacterId, c.Name, s.Status, s.StatusMessage, s.StatusTexts })
            .ToListAsync(ct);
        var pending = await db.Requests.AsNoTracking()
            .Where(r => r.RequesterAccountId == accountId && r.Status == RequestStatus.Pending)
            .Select(r => new MyPendingRequest(r.Id, r.EntityName, r.CreatedAt))
            .ToListAsync(ct);
        var allowed = Enum.GetValues<AccessState>().Where(states.HasBasicAccess).ToList();
        return new MyDashboard(actor.State, actor.Has(Role.Member), main?.Name,
            main?.CorporationId is { } corp ? Name(corp, "Name.Unknown.Corporation") : null,
            main?.AllianceId is { } alliance ? Name(alliance, "Name.Unknown.Alliance") : null,
            [.. organization.AllianceIds.Select(id => Name(id, "Name.Unknown.Alliance")), .. organization.CorporationIds.Select(id => Name(id, "Name.Unknown.Corporation"))],
            allowed,
            [.. problems.OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase)
                .Select(p => new MySyncProblem(p.CharacterId, p.Name, p.Status, Localization.Translations.Show(p.StatusMessage, p.StatusTexts)))],
            [.. pending.OrderBy(p => p.CreatedAt.UtcTicks)]);
    }
}
