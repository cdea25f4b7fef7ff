using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OAuth;
using StandingsManager.Core;
using StandingsManager.Core.Accounts;
using StandingsManager.App.Background;
using StandingsManager.Core.Eve.Sso;

namespace StandingsManager.App.Auth;

/// <summary>
/// Turns EVE's answer into our sign-in ticket. EVE sends no id_token: who signed in comes from the validated
/// access-token JWT. A plain sign-in signs the account in; "Add character" links the character to the account
/// already signed in, and the session stays that user's.
/// </summary>
internal sealed class EveSignInEvents(
    EveSsoLocator locator,
    EveAccessTokenValidator validator,
    AccountSignIn signIn,
    AccountLanguages languages,
    AccountCharacters characters,
    EveTokenStore tokens,
    SignInAffiliations affiliations,
    ILogger<EveSignInEvents> logger) : OAuthEvents
{
    /// <summary>Marks an "Add character" challenge, so the callback links instead of signing in.</summary>
    public const string LinkItem = "sm:link-character";

    /// <summary>The login page's <c>signin</c> value after a callback the handler refused: cancelled at EVE, or a stale or forged state.</summary>
    public const string Cancelled = "cancelled";

    /// <summary>The login page's <c>signin</c> value when EVE did not answer as it should (unreachable, a token that does not validate).</summary>
    public const string Failed = "failed";

    /// <summary>
    /// A callback that cannot sign in (Cancel pressed at EVE, an old or forged state, EVE failing) sends the visitor back to
    /// the login page with a message and leaves one log line, instead of the error page and an error with its stack trace.
    /// </summary>
    public override Task RemoteFailure(RemoteFailureContext context)
    {
        var request = context.Request;
        // The handler's own refusals (EVE's error answer, the state, the correlation cookie, a refused code) are
        // AuthenticationFailureExceptions; anything else was thrown on the way (network, token validation).
        var refused = request.Query.ContainsKey("error") || context.Failure is AuthenticationFailureException;
        // An EVE error, a cancel or a stale tab is routine (information); the rest may need the operator (warning).
        var (level, what) = request.Query.ContainsKey("error") ? (LogLevel.Information, "cancelled at EVE")
            : refused ? (LogLevel.Warning, "callback refused")
            : (LogLevel.Warning, "failed talking to EVE");
        if (logger.IsEnabled(level))
            logger.Log(level, "Sign-in {What} ({Reason}); back to the login page", what,
                FreeText.ForLog(request.Query["error"].FirstOrDefault() ?? context.Failure?.Message));

        var returnUrl = AuthEndpoints.IsLocal(context.Properties?.RedirectUri) ? context.Properties.RedirectUri : "/";
        context.Response.Redirect($"/login?returnUrl={Uri.EscapeDataString(returnUrl)}&signin={(refused ? Cancelled : Failed)}");
        context.HandleResponse();
        return Task.CompletedTask;
    }

    public override async Task CreatingTicket(OAuthCreatingTicketContext context)
    {
        var ct = context.HttpContext.RequestAborted;
        var identity = await validator.ValidateAsync(context.AccessToken ?? "", locator.BackChannel.Jwks, context.Options.ClientId, ct);
        // Sign the visitor into our cookie; the OAuth scheme itself keeps nothing.
        context.Properties.IsPersistent = true;

        // The callback path is the OAuth handler's own, so the cookie was not read for it: read it here.
        var session = context.Properties.Items.ContainsKey(LinkItem)
            ? (await context.HttpContext.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme)).Principal
            : null;
        if (session?.AccountId() is { } currentAccount)
        {
            await characters.LinkAsync(currentAccount, identity, context.RefreshToken, ct);
            await affiliations.RefreshAsync(currentAccount, identity.CharacterId, ct);
            tokens.Remember(identity.CharacterId, context.AccessToken!, identity.ExpiresAt);
            context.Identity!.AddClaims(session.Claims.Where(c => c.Type is ClaimTypes.NameIdentifier or ClaimTypes.Name or ClaimsPrincipalExtensions.CharacterIdClaim or SessionCookieEvents.SessionClaim));
            return;
        }

        var accountId = await signIn.SignInAsync(identity, ct);
        // The account's saved language becomes the browser's too, so it stays after signing out.
        if (await languages.ReadAsync(accountId, ct) is { } language)
            Localization.LanguageExtensions.WriteCookie(context.HttpContext, language);
        // The state depends on the main's corporation and alliance: learn them, without waiting for ESI's gate.
        await affiliations.RefreshAsync(accountId, identity.CharacterId, ct);
        context.Identity!.AddClaims(
        [
            new Claim(ClaimTypes.NameIdentifier, accountId.ToString(CultureInfo.InvariantCulture)),
            new Claim(ClaimTypes.Name, identity.Name),
            new Claim(ClaimsPrincipalExtensions.CharacterIdClaim, identity.CharacterId.ToString(CultureInfo.InvariantCulture)),
        ]);
    }
}
