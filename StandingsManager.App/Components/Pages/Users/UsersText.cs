namespace StandingsManager.App.Components.Pages.Users;

/// <summary>The Users &amp; Roles page's texts: UsersText.resx (English) and one file per other language.</summary>
public sealed class UsersText;
