using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using StandingsManager.App.Auth;
using StandingsManager.Core;
using StandingsManager.Core.Accounts;
using StandingsManager.Core.Localization;

namespace StandingsManager.App.Localization;

/// <summary>
/// The UI's language per request: the account's saved language, else the culture cookie (the picker's, or the one set
/// at sign-in), else the browser's Accept-Language, else English. Blazor keeps a circuit's culture from the request
/// that opened it, so the picker posts to <see cref="PickerPath"/>, which sets the cookie (and saves the account's
/// choice) and sends the browser back to reload the page.
/// </summary>
public static class LanguageExtensions
{
    public const string PickerPath = "/language";

    public static WebApplicationBuilder AddLanguages(this WebApplicationBuilder builder)
    {
        builder.Services.AddLocalization();
        builder.Services.Configure<RequestLocalizationOptions>(ConfigureCultures);
        // MudBlazor's own words (pager, close buttons, date picker), in place of the English it ships.
        builder.Services.Replace(ServiceDescriptor.Transient<MudBlazor.MudLocalizer, MudBlazorLocalizer>());
        return builder;
    }

    /// <summary>The cultures and the order of choice; also used by tests that render pages in each language.</summary>
    public static void ConfigureCultures(RequestLocalizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.DefaultRequestCulture = new RequestCulture(Languages.Default);
        options.SupportedCultures = [.. Languages.Cultures];
        options.SupportedUICultures = [.. Languages.Cultures];
        // de-AT finds de, zh-CN and zh-SG find zh-Hans; anything else falls through to the next choice, then English.
        options.FallBackToParentCultures = true;
        options.FallBackToParentUICultures = true;
        options.ApplyCurrentCultureToResponseHeaders = true;
        options.RequestCultureProviders =
        [
            new AccountLanguageCultureProvider(),
            new CookieRequestCultureProvider(),
            new AcceptLanguageHeaderRequestCultureProvider(),
        ];
    }

    /// <summary>After authentication: the account's language needs the signed-in user.</summary>
    public static WebApplication UseLanguages(this WebApplication app)
    {
        app.UseRequestLocalization();
        return app;
    }

    public static IEndpointRouteBuilder MapLanguagePicker(this IEndpointRouteBuilder app)
    {
        app.MapPost(PickerPath, async (HttpContext context, IAntiforgery antiforgery, AccountLanguages accounts) =>
        {
            if (!await antiforgery.IsRequestValidAsync(context))
                return Results.BadRequest("Choosing a language needs the form's antiforgery token; reload the page and try again.");
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            var returnUrl = form["returnUrl"].ToString();
            // Only pages of this app: the form's return address must never send anyone elsewhere.
            if (!AuthEndpoints.IsLocal(returnUrl))
                return Results.BadRequest("The return address must be a page of this app.");
            if (Languages.Find(form["culture"]) is not { } culture)
                return Results.BadRequest($"Choose one of the app's languages: {string.Join(", ", Languages.Supported)}.");
            if (context.User.AccountId() is { } accountId)
            {
                try
                {
                    await accounts.SaveAsync(accountId, accountId, culture, context.RequestAborted);
                }
                catch (WorkflowException ex) when (ex.Error == WorkflowError.Forbidden)
                {
                    // A deactivated or deleted account: its session ends at the next check; the cookie still applies.
                }
            }
            WriteCookie(context, culture);
            return Results.LocalRedirect(returnUrl);
        }).DisableAntiforgery(); // validated explicitly above, as sign-out does
        return app;
    }

    /// <summary>The culture cookie, for a year: the language stays after sign-out and for visitors who never sign in.</summary>
    public static void WriteCookie(HttpContext context, string culture)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
            new CookieOptions { Expires = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().AddYears(1), HttpOnly = true, IsEssential = true, SameSite = SameSiteMode.Lax, Secure = context.Request.IsHttps });
    }
}
