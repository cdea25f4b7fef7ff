using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using StandingsManager.Core.Operations;

namespace StandingsManager.Core.Sync;

/// <summary>
/// Buttons a member can press that cost ESI calls (a sync preview, a contacts check) count per account: past
/// <see cref="RateLimitOptions.EsiChecks"/> per window the member is told when to try again, and ESI is not called.
/// </summary>
public sealed class EsiCheckLimits(IOptions<RateLimitOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<int> _limiter = PartitionedRateLimiter.Create<int, int>(accountId =>
        RateLimitPartition.GetFixedWindowLimiter(accountId, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.Value.EsiChecks,
            Window = options.Value.Window,
            QueueLimit = 0,
        }));

    /// <summary>Counts one press; refused with "try again in N s" once the account's window is used up.</summary>
    public void Take(int accountId)
    {
        using var lease = _limiter.AttemptAcquire(accountId);
        if (!lease.IsAcquired)
            throw WorkflowException.Invalid(CoreSyncText.Format("Esi.TooManyChecks", RateLimitText.Seconds(lease, options.Value.Window)));
    }

    public void Dispose() => _limiter.Dispose();
}
