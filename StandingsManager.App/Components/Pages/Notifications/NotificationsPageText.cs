namespace StandingsManager.App.Components.Pages.Notifications;

/// <summary>
/// The texts of the Notifications page around the notifications themselves (which Core words): NotificationsPageText.resx
/// (English) and one NotificationsPageText.{culture}.resx per other language.
/// </summary>
public sealed class NotificationsPageText;
