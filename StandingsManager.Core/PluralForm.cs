namespace StandingsManager.Core;

/// <summary>A plural category; each plural resource key comes as Key.One, Key.Few, Key.Many and Key.Other in every language.</summary>
public enum PluralForm
{
    One,
    Few,
    Many,
    Other,
}
