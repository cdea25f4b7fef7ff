namespace StandingsManager.Core.Audit;

/// <summary>
/// Audit actions in English words, for the CSV export and the API, which programs read; the identifiers stay for filters
/// in links. The pages show them in the UI's language (the App's AuditText resources).
/// </summary>
public static class AuditActionWords
{
    public static string Describe(this AuditAction action) => action switch
    {
        AuditAction.RequestCreated => "Standing requested",
        AuditAction.RequestCancelled => "Request cancelled",
        AuditAction.RequestApproved => "Request approved",
        AuditAction.RequestRejected => "Request rejected",
        AuditAction.RevocationCreated => "Removal requested",
        AuditAction.RevocationCancelled => "Removal withdrawn",
        AuditAction.RevocationApproved => "Removal approved",
        AuditAction.RevocationRejected => "Removal rejected, entry kept",
        AuditAction.EntryAdded => "Entry added",
        AuditAction.EntryEdited => "Entry edited",
        AuditAction.EntryRemoved => "Entry removed",
        AuditAction.RoleGranted => "Role granted",
        AuditAction.RoleRevoked => "Role withdrawn",
        AuditAction.CharacterTransferred => "Character moved to another account",
        AuditAction.SyncDisabled => "Contact sync stopped",
        AuditAction.SyncEnabled => "Contact sync started",
        AuditAction.SyncRemoved => "Contact sync removed",
        AuditAction.AccountDeactivated => "Account deactivated",
        AuditAction.AccountReactivated => "Account reactivated",
        AuditAction.ListCreated => "List created",
        AuditAction.ListEdited => "List edited",
        AuditAction.ListDisabled => "List disabled",
        AuditAction.ListEnabled => "List enabled",
        AuditAction.ListDeleted => "List deleted",
        AuditAction.ListSourceStopped => "List stopped following its source",
        AuditAction.ListSourceResumed => "List follows its source again",
        AuditAction.SyncListDisabled => "List switched off for a character",
        AuditAction.SyncListEnabled => "List switched on for a character",
        AuditAction.ApiKeyCreated => "API key created",
        AuditAction.ApiKeyRevoked => "API key revoked",
        AuditAction.ApiKeyUsedAfterRevoke => "Revoked API key used",
        AuditAction.WebhookCreated => "Webhook registered",
        AuditAction.WebhookEdited => "Webhook edited",
        AuditAction.WebhookDeleted => "Webhook deleted",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "An audit action without words."),
    };
}
