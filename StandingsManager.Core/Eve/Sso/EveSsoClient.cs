using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using StandingsManager.Core.Localization;

namespace StandingsManager.Core.Eve.Sso;

public sealed record EveTokenGrant(string AccessToken, int ExpiresIn, string? RefreshToken);

/// <summary>The refresh-token half of EVE SSO. Messages never contain a token.</summary>
public sealed class EveSsoClient(IHttpClientFactory httpFactory, IEveSsoSettings settings)
{
    public async Task<EveTokenGrant> RefreshAsync(string refreshToken, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, settings.BackChannel.Token)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "refresh_token",
                ["refresh_token"] = refreshToken,
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Uri.EscapeDataString(settings.ClientId)}:{Uri.EscapeDataString(settings.ClientSecret)}")));

        HttpResponseMessage response;
        try
        {
            response = await httpFactory.CreateClient(EveAccessTokenValidator.HttpClientName).SendAsync(request, ct);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            throw new EveSsoUnavailableException(CoreText.Said("Eve.Sso.NoAnswer"), ex);
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            if (response.IsSuccessStatusCode)
                return Parse(body);
            if ((int)response.StatusCode >= 500)
                throw new EveSsoUnavailableException(CoreText.Said("Eve.Sso.Answered", (int)response.StatusCode));
            var error = ReadError(body);
            if (response.StatusCode == HttpStatusCode.BadRequest && error.Code is "invalid_grant" or "invalid_token")
                throw new EveGrantRevokedException(CoreText.Said("Eve.Sso.GrantRefused", error.Code, error.Description));
            // invalid_client and the like: our configuration is wrong, the user's grant may be fine.
            throw new EveSsoUnavailableException(CoreText.Said("Eve.Sso.AppRefused", (int)response.StatusCode, error.Code, error.Description));
        }
    }

    private static EveTokenGrant Parse(string body)
    {
        try
        {
            var grant = JsonSerializer.Deserialize<TokenResponse>(body);
            if (grant?.AccessToken is not { Length: > 0 } access)
                throw new EveSsoUnavailableException(CoreText.Said("Eve.Sso.NoAccessToken"));
            return new EveTokenGrant(access, grant.ExpiresIn, grant.RefreshToken);
        }
        catch (JsonException ex)
        {
            throw new EveSsoUnavailableException(CoreText.Said("Eve.Sso.Malformed"), ex);
        }
    }

    private static (string Code, string Description) ReadError(string body)
    {
        try
        {
            var error = JsonSerializer.Deserialize<ErrorResponse>(body);
            return (error?.Error ?? "unknown_error", error?.Description ?? "");
        }
        catch (JsonException)
        {
            return ("unknown_error", "unreadable error body");
        }
    }

    private sealed record TokenResponse(
        [property: JsonPropertyName("access_token")] string? AccessToken,
        [property: JsonPropertyName("expires_in")] int ExpiresIn,
        [property: JsonPropertyName("refresh_token")] string? RefreshToken);

    private sealed record ErrorResponse(
        [property: JsonPropertyName("error")] string? Error,
        [property: JsonPropertyName("error_description")] string? Description);
}
