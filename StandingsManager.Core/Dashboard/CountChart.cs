using System.Globalization;
using StandingsManager.Core.Localization;

namespace StandingsManager.Core.Dashboard;

/// <summary>One named row of counts, one count per label of its chart.</summary>
public sealed record CountSeries(string Name, IReadOnlyList<int> Counts)
{
    public int Total => Counts.Sum();
}

/// <summary>What a dashboard chart draws: the labels along the axis and a series per thing counted, every bucket present.</summary>
public sealed record CountChart(IReadOnlyList<string> Labels, IReadOnlyList<CountSeries> Series)
{
    public bool HasData => Series.Any(s => s.Total > 0);

    /// <summary>When each bucket of a chart over time starts (null for other charts): the UI writes them in its reader's language.</summary>
    public IReadOnlyList<DateTimeOffset>? Times { get; init; }

    /// <summary>
    /// A chart from (series, bucket) counts that may leave buckets out: the missing ones become zeros, so the axis is
    /// always whole. Counts for a series or bucket the chart does not have are dropped.
    /// </summary>
    /// <param name="nameOf">The legend's name for a series; its ToString() when null.</param>
    public static CountChart From<TSeries>(IReadOnlyList<string> labels, IEnumerable<TSeries> series,
        IEnumerable<(TSeries Series, int Bucket, int Count)> counts, Func<TSeries, string>? nameOf = null) where TSeries : notnull
    {
        var rows = series.ToDictionary(s => s, _ => new int[labels.Count]);
        foreach (var (name, bucket, count) in counts)
        {
            if (rows.TryGetValue(name, out var row) && bucket >= 0 && bucket < row.Length)
                row[bucket] += count;
        }
        return new CountChart(labels, [.. rows.Select(r => new CountSeries(nameOf?.Invoke(r.Key) ?? r.Key.ToString()!, r.Value))]);
    }
}

/// <summary>How far back the sync-outcome chart looks.</summary>
public enum OutcomeSpan
{
    /// <summary>The last 24 hours, an hour a bar.</summary>
    Day,
    /// <summary>The last 30 days, a day a bar.</summary>
    Month,
}

/// <summary>
/// The buckets of a time chart, in UTC: <see cref="Count"/> buckets of <see cref="Width"/> from <see cref="From"/>, the last
/// one holding the present moment (and so still filling).
/// </summary>
public sealed record TimeBuckets(DateTimeOffset From, TimeSpan Width, int Count)
{
    public DateTimeOffset To => From + Width * Count;

    public static TimeBuckets For(OutcomeSpan span, DateTimeOffset now)
    {
        var utc = now.ToUniversalTime();
        return span switch
        {
            OutcomeSpan.Day => new(new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero).AddHours(-23), TimeSpan.FromHours(1), 24),
            OutcomeSpan.Month => new(new DateTimeOffset(utc.Year, utc.Month, utc.Day, 0, 0, 0, TimeSpan.Zero).AddDays(-29), TimeSpan.FromDays(1), 30),
            _ => throw new ArgumentOutOfRangeException(nameof(span), span, null),
        };
    }

    /// <summary>When each bucket starts, oldest first.</summary>
    public IReadOnlyList<DateTimeOffset> Starts() => [.. Enumerable.Range(0, Count).Select(i => From + Width * i)];

    /// <summary>Hours as "14:00", days as "24 Nov" (the month in the reader's language): short enough for 24 or 30 labels side by side.</summary>
    public IReadOnlyList<string> Labels() =>
        [.. Starts().Select(start => Width < TimeSpan.FromDays(1)
            ? start.ToString("HH:mm", CultureInfo.InvariantCulture)
            : start.ToString("dd MMM", CultureInfo.CurrentCulture))];
}

/// <summary>How long a pending request or revocation has waited, in the bands the queue-age chart shows.</summary>
public static class QueueAge
{
    /// <summary>The bands' names in the reader's language, youngest first.</summary>
    public static IReadOnlyList<string> Labels =>
    [
        CoreText.Get("Chart.Age.UnderHour"), CoreText.Get("Chart.Age.Hours"), CoreText.Get("Chart.Age.Days1To3"),
        CoreText.Get("Chart.Age.Days3To7"), CoreText.Get("Chart.Age.Week"),
    ];

    /// <summary>The lower edge of each band after the first, youngest first: a wait of exactly one hour is in the second band.</summary>
    public static readonly IReadOnlyList<TimeSpan> Edges = [TimeSpan.FromHours(1), TimeSpan.FromDays(1), TimeSpan.FromDays(3), TimeSpan.FromDays(7)];
}
