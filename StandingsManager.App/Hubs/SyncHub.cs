using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using StandingsManager.Core.Sync;

namespace StandingsManager.App.Hubs;

/// <summary>
/// Sync progress for clients outside the app's own pages (a CLI, another service, a widget); the pages subscribe to
/// <see cref="SyncEvents"/> directly. Server-to-client only: on connect <see cref="RunningMethod"/> with the ids syncing
/// right now, then <see cref="EventMethod"/> with every <see cref="SyncEvent"/>. Enums travel as their names.
/// </summary>
[Authorize(Roles = AllowedRoles)]
public sealed class SyncHub(SyncActivity activity, SyncHubGuard guard) : Hub
{
    public const string AllowedRoles = "Approver,Administrator";
    public const string Path = "/hubs/sync";
    public const string EventMethod = "sync";
    public const string RunningMethod = "running";

    // A client that connects mid-sync learns what is running without waiting for the next Started.
    public override Task OnConnectedAsync()
    {
        // Watched from here on: a connection whose session ends or whose role goes is closed.
        guard.Opened(Context);
        return Clients.Caller.SendAsync(RunningMethod, activity.Running, Context.ConnectionAborted);
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        guard.Closed(Context);
        return base.OnDisconnectedAsync(exception);
    }

    /// <summary>Whether <paramref name="user"/> may listen, as the hub's [Authorize] decides at connect.</summary>
    public static bool Allows(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true && AllowedRoles.Split(',').Any(user.IsInRole);
}
