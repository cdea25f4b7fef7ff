using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using StandingsManager.Core.Sync;

namespace StandingsManager.App.Hubs;

/// <summary>
/// Sync progress for clients outside the app's own pages (a CLI, another service, a widget); the pages subscribe to
/// <see cref="SyncEvents"/> directly. Server-to-client only: on connect <see cref="RunningMethod"/> with the ids syncing
/// right now, then <see cref="EventMethod"/> with every <see cref="SyncEvent"/>. Enums travel as their names.
/// </summary>
[Authorize(Roles = "Approver,Administrator")]
public sealed class SyncHub(SyncActivity activity) : Hub
{
    public const string Path = "/hubs/sync";
    public const string EventMethod = "sync";
    public const string RunningMethod = "running";

    // A client that connects mid-sync learns what is running without waiting for the next Started.
    public override Task OnConnectedAsync() => Clients.Caller.SendAsync(RunningMethod, activity.Running, Context.ConnectionAborted);
}
