namespace StandingsManager.Core.Eve.Sso;

/// <summary>EVE SSO's endpoints at EVE's real paths under one base URL.</summary>
public sealed record EveSsoEndpoints(Uri BaseUri)
{
    public const string AuthorizePath = "/v2/oauth/authorize";
    public const string TokenPath = "/v2/oauth/token";
    public const string JwksPath = "/oauth/jwks";
    public const string MetadataPath = "/.well-known/oauth-authorization-server";

    public Uri Authorize => new(BaseUri, AuthorizePath);
    public Uri Token => new(BaseUri, TokenPath);
    public Uri Jwks => new(BaseUri, JwksPath);
    public Uri Metadata => new(BaseUri, MetadataPath);

    /// <summary>Issuers EVE puts in <c>iss</c>: the host name or the URL (a trailing slash is tolerated).</summary>
    public static readonly string[] ValidIssuers = ["login.eveonline.com", "https://login.eveonline.com", "https://login.eveonline.com/"];
    public const string Audience = "EVE Online";
}
