using Microsoft.Extensions.Localization;
using StandingsManager.Core.Audit;

namespace StandingsManager.App.Components.Pages.Audit;

/// <summary>
/// Audit actions as people read them, in the UI's language. The CSV export and the API keep Core's English words
/// (<see cref="AuditActionWords"/>): those are read by programs and by the import.
/// </summary>
public static class AuditActionNames
{
    // One literal key per action, so the resource scan sees every key and a missing one fails the build's tests.
    public static string Describe(this IStringLocalizer<AuditText> texts, AuditAction action)
    {
        ArgumentNullException.ThrowIfNull(texts);
        return action switch
        {
            AuditAction.RequestCreated => texts["Audit.Action.RequestCreated"],
            AuditAction.RequestCancelled => texts["Audit.Action.RequestCancelled"],
            AuditAction.RequestApproved => texts["Audit.Action.RequestApproved"],
            AuditAction.RequestRejected => texts["Audit.Action.RequestRejected"],
            AuditAction.RevocationCreated => texts["Audit.Action.RevocationCreated"],
            AuditAction.RevocationCancelled => texts["Audit.Action.RevocationCancelled"],
            AuditAction.RevocationApproved => texts["Audit.Action.RevocationApproved"],
            AuditAction.RevocationRejected => texts["Audit.Action.RevocationRejected"],
            AuditAction.EntryAdded => texts["Audit.Action.EntryAdded"],
            AuditAction.EntryEdited => texts["Audit.Action.EntryEdited"],
            AuditAction.EntryRemoved => texts["Audit.Action.EntryRemoved"],
            AuditAction.RoleGranted => texts["Audit.Action.RoleGranted"],
            AuditAction.RoleRevoked => texts["Audit.Action.RoleRevoked"],
            AuditAction.CharacterTransferred => texts["Audit.Action.CharacterTransferred"],
            AuditAction.SyncDisabled => texts["Audit.Action.SyncDisabled"],
            AuditAction.SyncEnabled => texts["Audit.Action.SyncEnabled"],
            AuditAction.SyncRemoved => texts["Audit.Action.SyncRemoved"],
            AuditAction.AccountDeactivated => texts["Audit.Action.AccountDeactivated"],
            AuditAction.AccountReactivated => texts["Audit.Action.AccountReactivated"],
            AuditAction.ListCreated => texts["Audit.Action.ListCreated"],
            AuditAction.ListEdited => texts["Audit.Action.ListEdited"],
            AuditAction.ListDisabled => texts["Audit.Action.ListDisabled"],
            AuditAction.ListEnabled => texts["Audit.Action.ListEnabled"],
            AuditAction.ListDeleted => texts["Audit.Action.ListDeleted"],
            AuditAction.ListSourceStopped => texts["Audit.Action.ListSourceStopped"],
            AuditAction.ListSourceResumed => texts["Audit.Action.ListSourceResumed"],
            AuditAction.SyncListDisabled => texts["Audit.Action.SyncListDisabled"],
            AuditAction.SyncListEnabled => texts["Audit.Action.SyncListEnabled"],
            AuditAction.ApiKeyCreated => texts["Audit.Action.ApiKeyCreated"],
            AuditAction.ApiKeyRevoked => texts["Audit.Action.ApiKeyRevoked"],
            AuditAction.ApiKeyUsedAfterRevoke => texts["Audit.Action.ApiKeyUsedAfterRevoke"],
            AuditAction.WebhookCreated => texts["Audit.Action.WebhookCreated"],
            AuditAction.WebhookEdited => texts["Audit.Action.WebhookEdited"],
            AuditAction.WebhookDeleted => texts["Audit.Action.WebhookDeleted"],
            _ => throw new ArgumentOutOfRangeException(nameof(action), action, "An audit action without words."),
        };
    }
}
