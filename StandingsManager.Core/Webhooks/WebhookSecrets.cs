using Microsoft.AspNetCore.DataProtection;

namespace StandingsManager.Core.Webhooks;

/// <summary>The protector for webhook secrets, one purpose string apart from refresh tokens'.</summary>
internal static class WebhookSecrets
{
    public static IDataProtector Protector(IDataProtectionProvider protection) => protection.CreateProtector("StandingsManager.WebhookSecrets.v1");
}
