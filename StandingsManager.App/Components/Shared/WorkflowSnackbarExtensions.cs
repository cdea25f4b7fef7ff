using MudBlazor;
using StandingsManager.Core;

namespace StandingsManager.App.Components.Shared;

public static class WorkflowSnackbarExtensions
{
    /// <summary>Runs a workflow step and shows its outcome: success (when given), or the refusal's own message.</summary>
    public static async Task<bool> TryAsync(this ISnackbar snackbar, Func<Task> step, string? success)
    {
        try
        {
            await step();
            if (success is not null)
                snackbar.Add(success, Severity.Success);
            return true;
        }
        catch (WorkflowException ex)
        {
            snackbar.Add(ex.Message, ex.Error == WorkflowError.Conflict ? Severity.Warning : Severity.Error);
            return false;
        }
    }
}
