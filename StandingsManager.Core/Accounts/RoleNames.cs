using StandingsManager.Core.Localization;

namespace StandingsManager.Core.Accounts;

/// <summary>A role's name as a person reads it, in the current language (the enum's name is for code and the database).</summary>
public static class RoleNames
{
    public static string Of(Role role) => role switch
    {
        Role.Administrator => CoreText.Get("Role.Administrator"),
        Role.Approver => CoreText.Get("Role.Approver"),
        Role.Auditor => CoreText.Get("Role.Auditor"),
        Role.Member => CoreText.Get("Role.Member"),
        _ => role.ToString(),
    };
}
