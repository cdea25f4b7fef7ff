namespace StandingsManager.Core.Accounts;

/// <summary>
/// The owner hash a character listed in <c>Standings:Administrators</c> had when the app first saw it: the settings
/// make that human an administrator, not whoever buys the character later.
/// </summary>
public sealed class SettingsAdministratorBinding
{
    public long CharacterId { get; set; }
    public required string OwnerHash { get; set; }
    public DateTimeOffset BoundAt { get; set; }
}
