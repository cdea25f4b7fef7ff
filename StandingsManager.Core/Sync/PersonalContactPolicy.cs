namespace StandingsManager.Core.Sync;

/// <summary>The <c>Standings:PersonalContacts</c> setting.</summary>
[System.ComponentModel.TypeConverter(typeof(SettingNameConverter<PersonalContactPolicy>))]
public enum PersonalContactPolicy
{
    /// <summary>A personal contact with the same id as an entry is left alone and reported.</summary>
    Preserve,
    /// <summary>It is taken over (its own standing and labels remembered) and restored when the entry goes.</summary>
    Override,
}
