namespace StandingsManager.Core.Eve.Sso;

/// <summary>Where the SSO is and who we are to it. The host decides (EVE, or its own simulator in demo mode).</summary>
public interface IEveSsoSettings
{
    EveSsoEndpoints BackChannel { get; }
    string ClientId { get; }
    string ClientSecret { get; }
}

/// <summary>The contact scopes a synced character must grant.</summary>
public static class EveScopes
{
    public const string ReadContacts = "esi-characters.read_contacts.v1";
    public const string WriteContacts = "esi-characters.write_contacts.v1";
    public static readonly IReadOnlyList<string> Contacts = [ReadContacts, WriteContacts];

    /// <summary>Reading an alliance's or corporation's in-game contacts, for the import from game (a director's grant).</summary>
    public const string AllianceContacts = "esi-alliances.read_contacts.v1";
    public const string CorporationContacts = "esi-corporations.read_contacts.v1";
    public static readonly IReadOnlyList<string> OrganisationContacts = [AllianceContacts, CorporationContacts];
}
