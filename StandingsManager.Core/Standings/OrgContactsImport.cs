using System.Net;
using Microsoft.EntityFrameworkCore;
using StandingsManager.Core.Audit;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Eve.Esi;
using StandingsManager.Core.Eve.Sso;
using StandingsManager.Core.Localization;
using StandingsManager.Core.Persistence;

namespace StandingsManager.Core.Standings;

/// <summary>An organisation's in-game list an administrator can read, and the character of theirs whose grant reads it.</summary>
public sealed record OrgContactSource(ContactListOwner Owner, long OrganisationId, string OrganisationName, long CharacterId, string CharacterName);

/// <summary>The preview (as for a CSV file, applied the same way) and the drift report of one read of an in-game list.</summary>
public sealed record OrgContactsPreview(OrgContactSource Source, ImportPreview Preview, ContactDrift Drift);

/// <summary>
/// Import of the standings list from the alliance's or corporation's in-game contacts, read through an administrator's
/// character that granted esi-alliances.read_contacts.v1 or esi-corporations.read_contacts.v1. Lines are planned by
/// <see cref="StandingsImport"/> and applied with <see cref="StandingsImport.ApplyAsync"/>.
/// </summary>
public sealed class OrgContactsImport(IDbContextFactory<StandingsDbContext> dbFactory, ActorLoader actors, EsiClient esi, EveTokenStore tokens,
    StandingsImport import, TimeProvider time)
{
    private static string WhatFor() => CoreText.Get("Role.Needed.ImportStandingsList");

    /// <summary>The in-game lists the administrator's own characters have granted, alliance before corporation.</summary>
    public async Task<IReadOnlyList<OrgContactSource>> SourcesAsync(int actorAccountId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        (await actors.LoadAsync(db, actorAccountId, ct)).Require(Role.Administrator, WhatFor);
        var (characters, grants) = await OwnCharactersAsync(db, actorAccountId, ct);
        var orgIds = characters.SelectMany(c => new[] { c.AllianceId, c.CorporationId }).OfType<long>().Distinct().ToList();
        var names = await db.EveEntities.AsNoTracking().Where(e => orgIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id, e => e.Name, ct);

        var sources = new List<OrgContactSource>();
        foreach (var owner in new[] { ContactListOwner.Alliance, ContactListOwner.Corporation })
        {
            foreach (var c in characters)
            {
                if (OrganisationOf(c, owner) is { } orgId && GrantCheck.Of(grants.GetValueOrDefault(c.Id), [ScopeFor(owner)]).Ok)
                    sources.Add(new(owner, orgId, names.GetValueOrDefault(orgId) ?? $"{owner} {orgId}", c.Id, c.Name));
            }
        }
        return sources;
    }

    /// <summary>
    /// Reads the in-game list (every page) with the character's grant, and previews it as an import plus the drift report.
    /// The character must be the administrator's own, with a valid grant holding the list's scope. The preview is
    /// planned against list <paramref name="listId"/>, which must take hand changes.
    /// </summary>
    public async Task<OrgContactsPreview> PreviewAsync(int listId, int actorAccountId, ContactListOwner owner, long characterId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        (await actors.LoadAsync(db, actorAccountId, ct)).Require(Role.Administrator, WhatFor);
        await ListGuard.EditableAsync(db, listId, ct);
        var character = await db.Characters.AsNoTracking().SingleOrDefaultAsync(c => c.Id == characterId && c.AccountId == actorAccountId, ct)
            ?? throw WorkflowException.Forbidden(CoreText.Get("InGame.OnlyOwnCharacters"));
        var noun = owner == ContactListOwner.Alliance ? "alliance" : "corporation";
        var orgId = OrganisationOf(character, owner) ?? throw WorkflowException.Invalid(owner == ContactListOwner.Alliance
            ? CoreText.Format("InGame.NoAlliance", character.Name)
            : CoreText.Format("InGame.NoCorporation", character.Name));
        var grant = await db.Tokens.AsNoTracking().SingleOrDefaultAsync(t => t.CharacterId == characterId, ct);
        if (!GrantCheck.Of(grant, [ScopeFor(owner)]).Ok)
            throw WorkflowException.Invalid(CoreText.Format("InGame.NotGranted", character.Name, ScopeFor(owner)));
        var orgName = await db.EveEntities.AsNoTracking().Where(e => e.Id == orgId).Select(e => e.Name).SingleOrDefaultAsync(ct) ?? $"{noun} {orgId}";
        var source = new OrgContactSource(owner, orgId, orgName, character.Id, character.Name);

        var contacts = await ReadAsync(source, ct);
        var now = time.GetUtcNow();
        var file = InGameContacts.ToFile(contacts);
        var preview = await import.PlanAsync(db, listId, file, [.. file.Lines.Select(l => StandingsCsv.Parse(l, now))], $"the in-game {noun} contacts of {orgName}", ct) with
        {
            SourceSaid = RecordText.Said(owner == ContactListOwner.Alliance ? "Record.Source.AllianceContacts" : "Record.Source.CorporationContacts", orgName),
        };
        var ours = await db.Standings.AsNoTracking().Where(e => e.ListId == listId).ToListAsync(ct);
        var names = preview.Rows.Where(r => r.EntityId is not null && r.Name is not null).GroupBy(r => r.EntityId!.Value).ToDictionary(g => g.Key, g => g.First().Name!);
        await NameTheRestAsync(contacts.Where(c => !InGameContacts.IsImportable(c)).Select(c => c.ContactId).ToList(), names, ct);
        return new OrgContactsPreview(source, preview, InGameContacts.Compare(contacts, ours, names));
    }

    /// <summary>The account's characters by name, with their grants: the ones that may read an in-game list for it.</summary>
    internal static async Task<(List<EveCharacter> Characters, Dictionary<long, EveToken> Grants)> OwnCharactersAsync(StandingsDbContext db, int accountId, CancellationToken ct)
    {
        var characters = await db.Characters.AsNoTracking().Where(c => c.AccountId == accountId).OrderBy(c => c.Name).ToListAsync(ct);
        var ids = characters.Select(c => c.Id).ToList();
        return (characters, await db.Tokens.AsNoTracking().Where(t => ids.Contains(t.CharacterId)).ToDictionaryAsync(t => t.CharacterId, ct));
    }

    internal static long? OrganisationOf(EveCharacter c, ContactListOwner owner) => owner == ContactListOwner.Alliance ? c.AllianceId : c.CorporationId;

    internal static string ScopeFor(ContactListOwner owner) => owner == ContactListOwner.Alliance ? EveScopes.AllianceContacts : EveScopes.CorporationContacts;

    /// <summary>One read of an organisation's in-game list (every page), shared by this import and the lists that follow it.</summary>
    internal static Task<EsiConditionalResult<EsiContact>> ReadListAsync(EsiClient esi, ContactListOwner owner, long organisationId, long characterId,
        string accessToken, string? etag, CancellationToken ct) =>
        owner == ContactListOwner.Alliance
            ? esi.GetAllianceContactsAsync(organisationId, characterId, accessToken, etag, ct)
            : esi.GetCorporationContactsAsync(organisationId, characterId, accessToken, etag, ct);

    private async Task<IReadOnlyList<EsiContact>> ReadAsync(OrgContactSource source, CancellationToken ct)
    {
        string accessToken;
        try
        {
            accessToken = await tokens.GetAccessTokenAsync(source.CharacterId, ct);
        }
        catch (EveGrantProblemException ex)
        {
            throw WorkflowException.Invalid(CoreText.Format("InGame.GrantUnusable", source.CharacterName, ex.Said.Render()));
        }
        try
        {
            var read = await ReadListAsync(esi, source.Owner, source.OrganisationId, source.CharacterId, accessToken, null, ct);
            return read.Items;
        }
        catch (EsiException ex) when (ex.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized)
        {
            throw WorkflowException.Invalid(CoreText.Format("InGame.Refused", source.OrganisationName, source.CharacterName, ex.EsiError ?? ex.StatusCode.ToString()));
        }
        catch (EsiException ex)
        {
            throw WorkflowException.Invalid(CoreText.Format("InGame.Unavailable", source.OrganisationName, EveWords.Status(ex)));
        }
    }

    /// <summary>Names for the contacts left out of the preview (factions, NPC corporations), for the report only: best effort.</summary>
    private async Task NameTheRestAsync(List<long> ids, Dictionary<long, string> names, CancellationToken ct)
    {
        if (ids.Count == 0)
            return;
        try
        {
            foreach (var n in (await esi.GetNamesAsync(ids, ct)).Value)
                names[n.Id] = n.Name;
        }
        catch (EsiException)
        {
            // The report then shows their ids; nothing depends on these names.
        }
    }
}
