using Microsoft.EntityFrameworkCore;
using StandingsManager.App.Demo;
using StandingsManager.App.Demo.Esi;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Eve.Sso;
using StandingsManager.Tests.EsiIntegration;

namespace StandingsManager.Tests.TestSupport;

/// <summary>Links a demo persona's character to an account with a grant, as add-character would, so it can read its organisation's in-game list.</summary>
public static class OrgReaders
{
    public static async Task LinkAsync(CoreTestDatabase t, EsiRig rig, EveTokenStore tokens, TimeProvider time, int accountId, long characterId, params string[] scopes)
    {
        var ct = TestContext.Current.CancellationToken;
        await using (var db = t.CreateDbContext())
        {
            var entity = DemoEsiUniverse.Find(characterId)!;
            db.Characters.Add(new EveCharacter
            {
                Id = characterId, Name = entity.Name, OwnerHash = CoreTestDatabase.OwnerHashOf(characterId), AccountId = accountId,
                CorporationId = entity.CorporationId, AllianceId = entity.AllianceId, AddedAt = time.GetUtcNow(),
            });
            db.Tokens.Add(new EveToken { CharacterId = characterId, EncryptedRefreshToken = "unused", Scopes = string.Join(' ', scopes), UpdatedAt = time.GetUtcNow() });
            foreach (var org in DemoUniverse.Organisations.Where(o => o.Id == entity.CorporationId || o.Id == entity.AllianceId))
            {
                if (!await db.EveEntities.AnyAsync(e => e.Id == org.Id, ct))
                    db.EveEntities.Add(new EveEntity { Id = org.Id, Name = org.Name, Type = org.Type, UpdatedAt = time.GetUtcNow() });
            }
            await db.SaveChangesAsync(ct);
        }
        // The access token the SSO would hand out for that grant, signed by the simulator.
        tokens.Remember(characterId, rig.Host.Token(characterId, scopes), time.GetUtcNow().AddMinutes(20));
    }
}
