using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Audit;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Eve.Esi;
using StandingsManager.Core.Eve.Sso;
using StandingsManager.Core.Localization;
using StandingsManager.Core.Notifications;
using StandingsManager.Core.Persistence;
using StandingsManager.Core.Standings;

namespace StandingsManager.Core.Lists;

public enum MirrorResult
{
    /// <summary>Not a following list, or not active: nothing read.</summary>
    Skipped,
    /// <summary>Read (or answered 304) and applied.</summary>
    Read,
    /// <summary>The reader lost its grant, scope, organisation or role: the list keeps its content and shows why.</summary>
    Stopped,
    /// <summary>EVE did not answer: nothing changed, tried again a few minutes later.</summary>
    Failed,
}

/// <summary>What one read of a list's in-game source did.</summary>
public sealed record MirrorOutcome(int ListId, MirrorResult Result, ListContentChanges? Changes = null, string? Message = null);

/// <summary>
/// The in-game contacts source: a list follows an alliance's or a corporation's in-game contacts, read through the
/// grant of an administrator's character (the import's reading, <see cref="OrgContactsImport.ReadListAsync"/>), every
/// <c>Lists:MirrorIntervalMinutes</c> and never before ESI's <c>Expires</c>, with the last ETag. A reader that loses its
/// grant, scope, organisation or administrator role stops the list (it keeps its last content), once, with an audit row
/// and an alert to the administrators; the first good read after that resumes it.
/// </summary>
public sealed class InGameContactsSource(IDbContextFactory<StandingsDbContext> dbFactory, ActorLoader actors, EsiClient esi, EveTokenStore tokens,
    StandingsEvents events, IOptions<ListsOptions> listsOptions, IOptions<StandingsOptions> options, TimeProvider time, ILogger<InGameContactsSource> logger)
{
    /// <summary>After EVE failed to answer, the next try comes this soon (or at the interval, if that is shorter).</summary>
    public static readonly TimeSpan RetryAfterFailure = TimeSpan.FromMinutes(5);

    // One read at a time in this process: "Read now" and the worker must not apply the same list side by side.
    private static readonly SemaphoreSlim Gate = new(1, 1);

    /// <summary>Reads every active following list that is due: its interval passed and ESI's Expires too.</summary>
    public async Task<IReadOnlyList<MirrorOutcome>> ReadDueAsync(CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var interval = listsOptions.Value.MirrorInterval;
        List<StandingsList> candidates;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            candidates = await db.Lists.AsNoTracking().Where(l => l.Source == ListSource.InGameContacts && l.Enabled && l.DeletedAt == null).ToListAsync(ct);
        var outcomes = new List<MirrorOutcome>();
        foreach (var list in candidates.Where(l => IsDue(l, now, interval)).OrderBy(l => l.Id))
            outcomes.Add(await ReadAsync(list.Id, ct));
        return outcomes;
    }

    /// <summary>When the list may be read next: the later of its interval after the last read and ESI's Expires.</summary>
    public static DateTimeOffset NextReadAt(StandingsList list, TimeSpan interval)
    {
        ArgumentNullException.ThrowIfNull(list);
        var byInterval = list.SourceReadAt is { } read ? read + interval : DateTimeOffset.MinValue;
        var byExpires = list.SourceExpiresAt ?? DateTimeOffset.MinValue;
        return byInterval > byExpires ? byInterval : byExpires;
    }

    public static bool IsDue(StandingsList list, DateTimeOffset now, TimeSpan interval) => NextReadAt(list, interval) <= now;

    /// <summary>"Read now" on the Lists page: an administrator's read, still never before ESI's Expires.</summary>
    public async Task<MirrorOutcome> ReadNowAsync(int actorAccountId, int listId, CancellationToken ct = default)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            (await actors.LoadAsync(db, actorAccountId, ct)).Require(Role.Administrator, () => CoreText.Get("Role.Needed.ReadListSource"));
            var list = await db.Lists.AsNoTracking().SingleOrDefaultAsync(l => l.Id == listId && l.DeletedAt == null, ct)
                ?? throw WorkflowException.NotFound(CoreText.Get("List.Gone"));
            if (list.Source != ListSource.InGameContacts)
                throw WorkflowException.Invalid(CoreText.Format("Lists.Read.NotInGame", list.Name));
            if (!list.Enabled)
                throw WorkflowException.Invalid(CoreText.Format("Lists.Read.Disabled", list.Name));
            if (list.SourceExpiresAt is { } expires && expires > time.GetUtcNow())
                throw WorkflowException.Invalid(CoreText.Format("Lists.Read.Cached", list.MirrorOwnerName, expires.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture)));
        }
        return await ReadAsync(listId, ct);
    }

    /// <summary>One read of one list: checks the reader, reads with the last ETag, applies the changes, stores the source state.</summary>
    internal async Task<MirrorOutcome> ReadAsync(int listId, CancellationToken ct)
    {
        await Gate.WaitAsync(ct);
        try
        {
            return await ReadUnderGateAsync(listId, ct);
        }
        finally
        {
            Gate.Release();
        }
    }

    private async Task<MirrorOutcome> ReadUnderGateAsync(int listId, CancellationToken ct)
    {
        StandingsList list;
        Phrase? problem;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            list = await db.Lists.AsNoTracking().SingleAsync(l => l.Id == listId, ct);
            if (list.Source != ListSource.InGameContacts || !list.IsActive || list.MirrorCharacterId is null || list.MirrorOwnerId is null)
                return new MirrorOutcome(listId, MirrorResult.Skipped);
            problem = await ReaderProblemAsync(db, list, ct);
        }
        if (problem is not null)
            return await StopAsync(list, problem, ct);

        var owner = list.MirrorOwnerType == EntityType.Corporation ? ContactListOwner.Corporation : ContactListOwner.Alliance;
        var characterId = list.MirrorCharacterId.Value;
        string accessToken;
        try
        {
            accessToken = await tokens.GetAccessTokenAsync(characterId, ct);
        }
        catch (EveSsoUnavailableException ex)
        {
            return await FailAsync(list, SourceText.Said("Source.SsoDown", ex.Said), ct);
        }
        catch (EveGrantProblemException ex)
        {
            return await StopAsync(list, SourceText.Said("Source.GrantUnusable", ex.Said), ct);
        }

        EsiConditionalResult<EsiContact> read;
        try
        {
            read = await OrgContactsImport.ReadListAsync(esi, owner, list.MirrorOwnerId.Value, characterId, accessToken, list.SourceETag, ct);
        }
        catch (EsiException ex) when (ex.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized)
        {
            return await StopAsync(list, SourceText.Said("Source.Refused", list.MirrorOwnerName, ex.EsiError ?? ex.StatusCode.ToString()), ct);
        }
        catch (EsiException ex)
        {
            return await FailAsync(list, SourceText.Said("Source.NoContacts", list.MirrorOwnerName,
                ex.StatusCode is { } s ? Phrase.AsWritten(((int)s).ToString(CultureInfo.InvariantCulture)) : SourceText.Said("Source.NoAnswer")), ct);
        }

        var now = time.GetUtcNow();
        ListContentChanges? changes = null;
        var etag = read.ETag;
        if (!read.NotModified)
        {
            var (wanted, complete) = await WantedAsync(list, read.Items, ct);
            changes = await ListContent.ApplyAsync(dbFactory, events, list.Id, wanted, SourceText.Said("Source.Gone", list.MirrorOwnerName), now, ct);
            // Contacts EVE could not name this time were left out: no ETag, so the next read brings them again rather than a 304.
            if (!complete)
                etag = null;
        }
        await RecordReadAsync(list, now, read.Expires ?? now + RetryAfterFailure, etag, ct);
        return new MirrorOutcome(list.Id, MirrorResult.Read, changes);
    }

    /// <summary>Why the reader cannot read the list now, or null: it must exist, be an active administrator's, still be in the organisation and hold the scope.</summary>
    private async Task<Phrase?> ReaderProblemAsync(StandingsDbContext db, StandingsList list, CancellationToken ct)
    {
        var character = await db.Characters.AsNoTracking().SingleOrDefaultAsync(c => c.Id == list.MirrorCharacterId, ct);
        if (character is null)
            return SourceText.Said("Source.ReaderUnlinked");
        try
        {
            if (!(await actors.LoadAsync(db, character.AccountId, ct)).Has(Role.Administrator))
                return SourceText.Said("Source.ReaderNotAdmin", character.Name);
        }
        catch (WorkflowException)
        {
            return SourceText.Said("Source.ReaderDeactivated", character.Name);
        }
        var owner = list.MirrorOwnerType == EntityType.Corporation ? ContactListOwner.Corporation : ContactListOwner.Alliance;
        if (OrgContactsImport.OrganisationOf(character, owner) != list.MirrorOwnerId)
            return SourceText.Said("Source.ReaderLeft", character.Name, list.MirrorOwnerName);
        var scope = OrgContactsImport.ScopeFor(owner);
        var grant = await db.Tokens.AsNoTracking().SingleOrDefaultAsync(t => t.CharacterId == character.Id, ct);
        var check = GrantCheck.Of(grant, [scope]);
        return check.Problem switch
        {
            GrantProblem.None => null,
            GrantProblem.MissingScopes => SourceText.Said("Source.ReaderMissingScope", character.Name, scope),
            _ => SourceText.Said("Source.ReaderGrantInvalid", character.Name),
        };
    }

    /// <summary>The note on every entry the list follows.</summary>
    public static Phrase Mirrored(string? ownerName) => SourceText.Said("Source.Mirrored", ownerName);

    /// <summary>The in-game contacts the list keeps (importable, at or above the minimum), named; false when some could not be named.</summary>
    private async Task<(List<SourcedEntry> Wanted, bool Complete)> WantedAsync(StandingsList list, IReadOnlyList<EsiContact> contacts, CancellationToken ct)
    {
        var kept = contacts.Where(InGameContacts.IsImportable)
            .Where(c => list.MirrorMinimumStanding is not { } minimum || c.Standing >= minimum - 1e-9)
            .GroupBy(c => c.ContactId).Select(g => g.First()).ToList();
        ImportLookups lookups;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            lookups = await new EntityLookup(esi).LookUpAsync(db, [.. kept.Select(c => c.ContactId)], [], LookupRetry.ReadLater, ct);
        var details = Mirrored(list.MirrorOwnerName);
        var wanted = new List<SourcedEntry>();
        var complete = true;
        foreach (var c in kept)
        {
            if (!lookups.ById.TryGetValue(c.ContactId, out var known) || StandingsCsv.TypeOf(c.ContactType) is not { } type)
            {
                complete = false;
                continue;
            }
            wanted.Add(new SourcedEntry(c.ContactId, type, known.Name, c.Standing, details));
        }
        // A contact EVE could not name stays as it is on the list rather than being removed for a failed look-up.
        if (!complete)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var missing = kept.Select(c => c.ContactId).Except(wanted.Select(w => w.EntityId)).ToList();
            var onList = await db.Standings.AsNoTracking().Where(e => e.ListId == list.Id && missing.Contains(e.EntityId)).ToListAsync(ct);
            wanted.AddRange(onList.Select(e => new SourcedEntry(e.EntityId, e.EntityType, e.EntityName, e.Standing,
                e.Notes is null ? details : Phrase.Stored(e.Notes, e.NotesTexts))));
        }
        return (wanted, complete);
    }

    /// <summary>Stores the read (without touching the list's version: an administrator's open edit stays valid) and resumes a stopped list.</summary>
    private async Task RecordReadAsync(StandingsList list, DateTimeOffset now, DateTimeOffset expires, string? etag, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginWriteTransactionAsync(WriteArea.Lists, ct);
        // Only if no administrator changed the list meanwhile: an edit (another reader, a new minimum) wants a fresh read.
        var stored = await db.Lists.Where(l => l.Id == list.Id && l.Version == list.Version)
            .ExecuteUpdateAsync(u => u.SetProperty(l => l.SourceReadAt, now).SetProperty(l => l.SourceExpiresAt, expires)
                .SetProperty(l => l.SourceETag, etag).SetProperty(l => l.SourceProblem, (string?)null), ct);
        var resumed = stored == 1 && list.SourceProblem is not null;
        if (resumed)
            db.Record(now, AuditAction.ListSourceResumed, null, null, null, list.Name, null,
                RecordText.Said("Record.Source.Resumed", list.MirrorOwnerName, list.SourceProblem is null ? null : Phrase.Stored(list.SourceProblem, list.SourceProblemTexts)), list.Id);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        await events.PublishAsync(new StandingsChange(StandingsChangeKind.Lists, list.Id));
    }

    /// <summary>
    /// Stops following: the list keeps its content and shows why. The first stop records ListSourceStopped and alerts the
    /// administrators; later reads that find the same (or another) problem change only the text. It is tried again each interval.
    /// </summary>
    private async Task<MirrorOutcome> StopAsync(StandingsList list, Phrase problemSaid, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var texts = problemSaid.Capture(StandingsList.SourceProblemLength);
        var (problem, problemTexts) = (texts.English, texts.ToJson());
        var retryAt = now + listsOptions.Value.MirrorInterval;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginWriteTransactionAsync(WriteArea.Lists, ct);
        var first = await db.Lists.Where(l => l.Id == list.Id && l.SourceProblem == null)
            .ExecuteUpdateAsync(u => u.SetProperty(l => l.SourceProblem, problem).SetProperty(l => l.SourceProblemTexts, problemTexts)
                .SetProperty(l => l.SourceExpiresAt, retryAt), ct);
        if (first == 1)
        {
            db.Record(now, AuditAction.ListSourceStopped, null, null, null, list.Name, null, problemSaid, list.Id);
            await db.AlertAdministratorsAsync(options.Value.Administrators, now, NotificationText.Format("List.SourceStopped.Title", list.Name),
                NotificationText.Format("List.SourceStopped.Body", texts, list.MirrorOwnerName), ct);
            await db.SaveChangesAsync(ct);
            if (logger.IsEnabled(LogLevel.Warning))
                logger.LogWarning("List {ListId} stopped following its in-game source: {Problem}", list.Id, FreeText.ForLog(problem));
        }
        else
        {
            await db.Lists.Where(l => l.Id == list.Id)
                .ExecuteUpdateAsync(u => u.SetProperty(l => l.SourceProblem, problem).SetProperty(l => l.SourceProblemTexts, problemTexts)
                    .SetProperty(l => l.SourceExpiresAt, retryAt), ct);
        }
        await transaction.CommitAsync(ct);
        await events.PublishAsync(new StandingsChange(StandingsChangeKind.Lists, list.Id));
        return new MirrorOutcome(list.Id, MirrorResult.Stopped, Message: problemSaid.Render());
    }

    /// <summary>EVE did not answer: nothing changes but the next try, a few minutes on.</summary>
    private async Task<MirrorOutcome> FailAsync(StandingsList list, Phrase said, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var interval = listsOptions.Value.MirrorInterval;
        var retryAt = now + (interval < RetryAfterFailure ? interval : RetryAfterFailure);
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            await db.Lists.Where(l => l.Id == list.Id).ExecuteUpdateAsync(u => u.SetProperty(l => l.SourceExpiresAt, retryAt), ct);
        if (logger.IsEnabled(LogLevel.Warning))
            logger.LogWarning("List {ListId} could not read its in-game source: {Message}", list.Id, FreeText.ForLog(said.In(Languages.English)));
        return new MirrorOutcome(list.Id, MirrorResult.Failed, Message: said.Render());
    }
}
