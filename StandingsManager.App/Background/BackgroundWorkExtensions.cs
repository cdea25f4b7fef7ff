namespace StandingsManager.App.Background;

public static class BackgroundWorkExtensions
{
    /// <summary>
    /// The loops that run beside the pages: the validator, sign-in's affiliation lookups, the contact sync scheduler
    /// and the Discord relay. Core registers what they call; this is only where each loop is started.
    /// </summary>
    public static WebApplicationBuilder AddBackgroundWork(this WebApplicationBuilder builder)
    {
        builder.Services.AddHostedService<ValidatorLoop>();
        // Sign-in's affiliation lookups, off the request when ESI's gate is closed.
        builder.Services.AddSingleton<SignInAffiliations>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SignInAffiliations>());
        // Contact sync: runs due characters' syncs through the engine (ICharacterSync).
        builder.Services.AddHostedService<SyncScheduler>();
        // Approver alerts and long sync failures to Discord, when Notifications:DiscordWebhookUrl is set.
        builder.Services.AddHostedService<DiscordRelayLoop>();
        // Lists' outgoing webhooks, in order, and the pruning of the entry change log.
        builder.Services.AddHostedService<WebhookRelayLoop>();
        // Lists that follow an in-game contact list: read when due (Lists:MirrorIntervalMinutes, never before ESI's Expires).
        builder.Services.AddHostedService<ListMirrorLoop>();
        // War-target lists: the war scan, paced by ESI's killmail bucket; idle while no such list is active.
        builder.Services.AddHostedService<StandingsManager.Core.Lists.WarScanWorker>();
        return builder;
    }
}
