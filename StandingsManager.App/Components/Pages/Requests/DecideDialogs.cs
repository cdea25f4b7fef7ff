using MudBlazor;

namespace StandingsManager.App.Components.Pages.Requests;

public static class DecideDialogs
{
    /// <summary>Shows the decision dialog; null when the approver cancels.</summary>
    public static async Task<DecideDialog.Decision?> AskAsync(IDialogService dialogs, string title, string subject, string confirmText,
        bool askStanding, bool reasonRequired, double defaultStanding = 0)
    {
        var parameters = new DialogParameters<DecideDialog>
        {
            { d => d.Title, title },
            { d => d.Subject, subject },
            { d => d.ConfirmText, confirmText },
            { d => d.AskStanding, askStanding },
            { d => d.ReasonRequired, reasonRequired },
            { d => d.DefaultStanding, defaultStanding },
        };
        var dialog = await dialogs.ShowAsync<DecideDialog>(title, parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        var result = await dialog.Result;
        return result is { Canceled: false, Data: DecideDialog.Decision decision } ? decision : null;
    }
}
