using Microsoft.AspNetCore.Localization;
using StandingsManager.App.Auth;
using StandingsManager.Core.Accounts;

namespace StandingsManager.App.Localization;

/// <summary>A signed-in user's saved language, read from their account, so it wins on every device they sign in on.</summary>
internal sealed class AccountLanguageCultureProvider : RequestCultureProvider
{
    public override async Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (httpContext.User.AccountId() is not { } accountId)
            return null;
        var language = await httpContext.RequestServices.GetRequiredService<AccountLanguages>().ReadAsync(accountId, httpContext.RequestAborted);
        return language is null ? null : new ProviderCultureResult(language);
    }
}
