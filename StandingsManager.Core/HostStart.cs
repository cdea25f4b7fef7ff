using Microsoft.Extensions.Hosting;

namespace StandingsManager.Core;

public static class HostStart
{
    /// <summary>
    /// Waits until the host has started (the server listens, so demo mode's simulated EVE answers); false when the host
    /// stops first. Loops that call ESI wait for this before their first round.
    /// </summary>
    public static async Task<bool> StartedAsync(this IHostApplicationLifetime lifetime, CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(lifetime);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            try
            {
                await started.Task;
                return true;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return false;
            }
        }
    }
}
