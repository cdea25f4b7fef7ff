using System.Collections.Concurrent;
using System.Threading.Channels;
using StandingsManager.Core;
using StandingsManager.Core.Eve;
using StandingsManager.Core.Eve.Esi;

namespace StandingsManager.App.Background;

/// <summary>
/// Learns a signing-in character's corporation and alliance without making sign-in wait for ESI. When ESI may be
/// called now, the refresh runs at once, briefly, so a new member's first page already shows their state. In the
/// daily downtime, while the error budget is paused, or when that quick try fails, it is queued: a background loop
/// runs it as soon as the gate lets it, and pages say when that will be.
/// </summary>
public sealed class SignInAffiliations(
    IServiceScopeFactory scopes,
    EsiGate gate,
    TimeProvider time,
    ILogger<SignInAffiliations> logger) : BackgroundService
{
    /// <summary>How long sign-in may spend on the quick try, on the app's clock.</summary>
    public static readonly TimeSpan QuickTry = TimeSpan.FromSeconds(5);

    private readonly Channel<long> _queue = Channel.CreateUnbounded<long>();
    // Queued or running character ids and the account that asked: pages read whether their account waits.
    private readonly ConcurrentDictionary<long, int> _pending = new();

    /// <summary>Refreshes the character's affiliation now if ESI answers at once, or queues it; never waits for the gate.</summary>
    public async Task RefreshAsync(int accountId, long characterId, CancellationToken ct)
    {
        if (gate.NextAllowedAt(EsiClient.PublicBucket) <= time.GetUtcNow())
        {
            using var quick = new CancellationTokenSource(QuickTry, time);
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct, quick.Token);
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<EveDirectory>().RefreshCharactersAsync([characterId], limit.Token);
                return;
            }
            catch (OperationCanceledException) when (quick.IsCancellationRequested && !ct.IsCancellationRequested)
            {
                // ESI is slow, or the gate closed meanwhile: the background takes over.
            }
            catch (EsiException ex)
            {
                logger.LogWarning("Could not refresh the affiliation of character {CharacterId} at sign-in: {Reason}; retrying in the background", characterId, FreeText.ForLog(ex.Message));
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                // Anything else (the database refusing the names, say) must not fail the sign-in either.
                logger.LogWarning(ex, "Could not refresh the affiliation of character {CharacterId} at sign-in; retrying in the background", characterId);
            }
        }
        _pending[characterId] = accountId;
        _queue.Writer.TryWrite(characterId);
    }

    /// <summary>When the account's queued affiliations can next be looked up (now, if the lookup is running), or null if none waits.</summary>
    public AffiliationWait? WaitFor(int accountId)
    {
        if (!_pending.Values.Contains(accountId))
            return null;
        return new AffiliationWait(gate.NextAllowedAt(EsiClient.PublicBucket), gate.ErrorBudgetPausedUntil is not null);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (await _queue.Reader.WaitToReadAsync(stoppingToken))
        {
            var batch = new HashSet<long>();
            while (_queue.Reader.TryRead(out var characterId))
                batch.Add(characterId);
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                // Waits in the gate for as long as ESI asks (the end of the downtime, of a pause), off any request.
                await scope.ServiceProvider.GetRequiredService<EveDirectory>().RefreshCharactersAsync(batch, stoppingToken);
            }
            catch (EsiException ex)
            {
                // The periodic refresh (ValidatorLoop) tries again later.
                logger.LogWarning("Could not refresh the affiliation of {Count} signed-in characters: {Reason}", batch.Count, FreeText.ForLog(ex.Message));
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(ex, "Affiliation refresh after sign-in failed");
            }
            finally
            {
                foreach (var characterId in batch)
                    _pending.TryRemove(characterId, out _);
            }
        }
    }
}

/// <param name="Until">When ESI may be called again (in the past or now: the lookup is under way).</param>
/// <param name="Paused">ESI asked us to pause (error budget), rather than the daily downtime.</param>
public sealed record AffiliationWait(DateTimeOffset Until, bool Paused);
