using Microsoft.Extensions.Localization;
using MudBlazor;

namespace StandingsManager.App.Localization;

/// <summary>
/// Gives MudBlazor its words in the current language from <see cref="MudBlazorText"/>. MudBlazor asks only for languages
/// other than English, and keeps its own English for a key this app does not carry.
/// </summary>
public sealed class MudBlazorLocalizer(IStringLocalizer<MudBlazorText> texts) : MudLocalizer
{
    public override LocalizedString this[string key] => texts[key];

    public override LocalizedString this[string key, params object[] arguments] => texts[key, arguments];
}
