using MudBlazor;
using StandingsManager.Core.Notifications;

namespace StandingsManager.App.Components.Shared;

public static class NotificationColours
{
    public static Color Of(NotificationLevel level) => level switch
    {
        NotificationLevel.Success => Color.Success,
        NotificationLevel.Warning => Color.Warning,
        NotificationLevel.Error => Color.Error,
        _ => Color.Default,
    };
}
