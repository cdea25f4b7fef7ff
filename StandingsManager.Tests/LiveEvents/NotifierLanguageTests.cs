using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using StandingsManager.Core.Sync;
using StandingsManager.Tests.TestSupport;

namespace StandingsManager.Tests.LiveEvents;

/// <summary>
/// A page subscribes in its reader's language and a background worker publishes in its own: the page must hear the
/// change in the reader's, or everything it renders after the change (headings too) turns to the worker's language.
/// </summary>
public sealed class NotifierLanguageTests
{
    [Fact]
    public async Task A_subscriber_hears_in_its_own_language_and_the_publisher_keeps_its_own()
    {
        var events = new SyncEvents(NullLogger<SyncEvents>.Instance);
        var heard = new List<string>();
        CoreLanguage.Set("de");
        using var german = events.Subscribe(_ =>
        {
            heard.Add(CultureInfo.CurrentUICulture.Name + "/" + CultureInfo.CurrentCulture.Name);
            return Task.CompletedTask;
        });
        CoreLanguage.Set("ru");
        using var russian = events.Subscribe(_ =>
        {
            heard.Add(CultureInfo.CurrentUICulture.Name + "/" + CultureInfo.CurrentCulture.Name);
            return Task.CompletedTask;
        });

        CoreLanguage.Set("en"); // the sync worker
        await events.PublishAsync(new SyncEvent(SyncEventKind.Finished, 1, 2, SyncStatus.Ok));

        Assert.Equal(["de/de", "ru/ru"], heard.Order());
        Assert.Equal(("en", "en"), (CultureInfo.CurrentUICulture.Name, CultureInfo.CurrentCulture.Name));
    }
}
