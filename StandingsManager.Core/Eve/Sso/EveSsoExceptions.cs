using StandingsManager.Core.Localization;

namespace StandingsManager.Core.Eve.Sso;

/// <summary>
/// Why a character's EVE grant cannot be used now, said for people: <see cref="Said"/> reads in any language, so a
/// background run stores it in all of them and a page shows it in the reader's. The message (for logs) is English.
/// Never contains a token.
/// </summary>
public abstract class EveGrantProblemException(Phrase said, Exception? inner = null) : Exception(said.In(Languages.English), inner)
{
    public Phrase Said { get; } = said;
}

/// <summary>The grant is gone for good (revoked, sold, scopes changed): only a new SSO login helps.</summary>
public sealed class EveGrantRevokedException(Phrase said) : EveGrantProblemException(said);

/// <summary>The SSO could not answer now (5xx, timeout, network): try later, keep the token.</summary>
public sealed class EveSsoUnavailableException(Phrase said, Exception? inner = null) : EveGrantProblemException(said, inner);

/// <summary>A character has no usable grant: the user must add it again through EVE SSO.</summary>
public sealed class EveTokenMissingException(Phrase said) : EveGrantProblemException(said);

/// <summary>An access token failed validation.</summary>
public sealed class EveTokenRejectedException(Phrase said, Exception? inner = null) : EveGrantProblemException(said, inner);
