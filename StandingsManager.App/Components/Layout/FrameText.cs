namespace StandingsManager.App.Components.Layout;

/// <summary>
/// The texts of the app's frame outside the pages' areas: access denied, not found, the error page, the reconnect
/// dialog and the rate limit's answer to a browser. FrameText.resx (English) and one file per other language.
/// </summary>
public sealed class FrameText;
