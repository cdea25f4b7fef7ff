using StandingsManager.Core.Persistence;

namespace StandingsManager.Core.Accounts;

/// <summary>A person using the app: one or more EVE characters, one of them the main.</summary>
public sealed class Account
{
    public int Id { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public bool IsActive { get; set; } = true;
    /// <summary>When an administrator deactivated the account, and why (null while active).</summary>
    public DateTimeOffset? DeactivatedAt { get; set; }
    public string? DeactivationReason { get; set; }
    public long? MainCharacterId { get; set; }
    /// <summary>The UI language the user chose (a <see cref="Localization.Languages"/> culture name); null: the browser's.</summary>
    public string? Language { get; set; }
    public List<EveCharacter> Characters { get; set; } = [];
    public List<AccountRole> Roles { get; set; } = [];
}

public sealed class AccountRole
{
    public int AccountId { get; set; }
    public Role Role { get; set; }
    public DateTimeOffset GrantedAt { get; set; }
    public string GrantedByName { get; set; } = "";
}

/// <summary>Roles granted in the app. Member is not stored: it is basic access.</summary>
public enum Role
{
    Member = 0,
    Approver = 1,
    Administrator = 2,
    Auditor = 3,
}

/// <summary>An EVE character linked to an account. (Id, OwnerHash) identifies the human behind it.</summary>
public sealed class EveCharacter
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public required string OwnerHash { get; set; }
    public int AccountId { get; set; }
    public Account? Account { get; set; }
    public long? CorporationId { get; set; }
    public long? AllianceId { get; set; }
    public DateTimeOffset AddedAt { get; set; }
}

/// <summary>A character's SSO grant. The refresh token is stored encrypted, never in clear.</summary>
public sealed class EveToken : IVersioned
{
    public int Id { get; set; }
    public long CharacterId { get; set; }
    public required string EncryptedRefreshToken { get; set; }
    public string Scopes { get; set; } = "";
    public TokenStatus Status { get; set; } = TokenStatus.Valid;
    /// <summary>Why EVE refused the grant, in English; <see cref="InvalidReasonTexts"/> holds it in every language (JSON).</summary>
    public string? InvalidReason { get; private set; }
    public string? InvalidReasonTexts { get; private set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public int Version { get; set; }

    /// <summary>Why the grant is invalid, in the reader's language.</summary>
    public string? ShownInvalidReason => Localization.Translations.Show(InvalidReason, InvalidReasonTexts);

    /// <summary>EVE refused the grant for good: it is not used again until the character is added anew.</summary>
    public void Invalidate(Localization.Phrase reason, DateTimeOffset now)
    {
        var texts = reason.Capture(InvalidReasonLength);
        (Status, InvalidReason, InvalidReasonTexts, UpdatedAt) = (TokenStatus.Invalid, texts.English, texts.ToJson(), now);
    }

    /// <summary>A fresh grant from an SSO login.</summary>
    public void Renew(string encryptedRefreshToken, IEnumerable<string> scopes, DateTimeOffset now) =>
        (EncryptedRefreshToken, Scopes, Status, InvalidReason, InvalidReasonTexts, UpdatedAt) =
            (encryptedRefreshToken, string.Join(' ', scopes), TokenStatus.Valid, null, null, now);

    public const int InvalidReasonLength = 500;

    public IReadOnlyList<string> GrantedScopes => Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The required scopes this grant does not include.</summary>
    public IReadOnlyList<string> MissingScopes(IEnumerable<string> required) => required.Except(GrantedScopes).ToList();
}

public enum TokenStatus
{
    Valid = 0,
    Invalid = 1,
}
