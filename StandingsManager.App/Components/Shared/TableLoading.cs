using MudBlazor;
using StandingsManager.Core;
using StandingsManager.Core.Standings;

namespace StandingsManager.App.Components.Shared;

public static class TableLoading
{
    /// <summary>
    /// Loads one server-side page for a MudTable. A refusal (the server re-checks roles on every
    /// query) is reported to the page instead of escaping into the table, which would swallow it.
    /// </summary>
    public static async Task<TableData<T>> LoadPageAsync<T>(Func<Task<Page<T>>> load, Action<string> refused)
    {
        try
        {
            var page = await load();
            return new TableData<T> { Items = page.Items, TotalItems = page.Total };
        }
        catch (WorkflowException ex)
        {
            refused(ex.Message);
            return new TableData<T> { Items = [], TotalItems = 0 };
        }
    }
}
