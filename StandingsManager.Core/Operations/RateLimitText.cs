using System.Globalization;
using System.Threading.RateLimiting;

namespace StandingsManager.Core.Operations;

/// <summary>How long a refused caller waits, in whole seconds, as "try again in N s" tells it.</summary>
public static class RateLimitText
{
    public static string Seconds(RateLimitLease lease, TimeSpan window)
    {
        var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : window;
        return Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
    }
}
