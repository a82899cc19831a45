using Linze.BizEnv.Web.Data;
using Linze.BizEnv.Web.Domain.Benchmarking;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Linze.BizEnv.Web.Features.Benchmarks;

/// <summary>One 本县现值 as a page shows it; <see cref="Superseded"/> when a later reading for the same month corrected it.</summary>
public sealed record ReadingItem(long Id, DateOnly Period, decimal Value, string? Source, string ByName, DateTime AtUtc, string? EvidenceName, bool Superseded);

/// <summary>A month's current value, for the trend.</summary>
public sealed record TrendPoint(DateOnly Period, decimal Value);

/// <summary>A metric with where the county stands: its current reading (the latest month's latest), the assessment, the trend and every reading.</summary>
public sealed record MetricRow(
    int Id, int IndicatorId, int IndicatorNumber, string IndicatorName, string Name, decimal Best, bool IsYesNo, string Unit, MetricDirection Direction,
    string Words, string? Note, ReadingItem? Current, MetricAssessment Assessment, IReadOnlyList<TrendPoint> Trend, IReadOnlyList<ReadingItem> History)
{
    public string BestText => BenchmarkRules.FormatWithUnit(Best, IsYesNo, Unit);

    public string? CurrentText => Current is null ? null : BenchmarkRules.FormatWithUnit(Current.Value, IsYesNo, Unit);

    public string? GapText => BenchmarkRules.GapText(Assessment, IsYesNo, Unit);

    public int? SharePercent => BenchmarkRules.SharePercent(Assessment);

    /// <summary>The metric's version, sent back by the forms that correct or remove it.</summary>
    public Guid Version { get; init; }
}

/// <summary>
/// A metric of a list as the dashboard and the exports see it: its current reading (the latest month's latest) assessed,
/// and how its share of the province's best moved this month (against its latest reading before this month).
/// </summary>
public sealed record MetricStanding(
    int Id, int IndicatorId, int IndicatorNumber, string IndicatorName, string Name, decimal Best, bool IsYesNo, string Unit, MetricDirection Direction,
    DateOnly? Period, MetricAssessment Assessment, decimal? ShareChange)
{
    public string BestText => BenchmarkRules.FormatWithUnit(Best, IsYesNo, Unit);

    public string? CurrentText => Assessment.Value is { } value ? BenchmarkRules.FormatWithUnit(value, IsYesNo, Unit) : null;

    public string? GapText => BenchmarkRules.GapText(Assessment, IsYesNo, Unit);

    public int? SharePercent => BenchmarkRules.SharePercent(Assessment);
}

/// <summary>A metric whose 本县现值 for this month its indicator's lead unit has not recorded yet.</summary>
public sealed record DueReading(int IndicatorId, int IndicatorNumber, string IndicatorName, int MetricId, string Name);

/// <summary>Reads metrics with their readings and assesses them (<see cref="BenchmarkRules"/>), for the indicator page, the dashboard and the exports.</summary>
public sealed class BenchmarkQuery(BizEnvDbContext db, IOptions<BenchmarkOptions> options)
{
    /// <summary>
    /// Every metric of a list in the list's order, assessed on its current reading, with this month's move: two queries
    /// whatever the number of readings (the metrics; the readings of each metric's latest month and of its latest month
    /// before <paramref name="thisMonth"/>, found by the database on the (metric, month) index).
    /// </summary>
    public async Task<List<MetricStanding>> ForListAsync(int listId, DateOnly thisMonth, CancellationToken ct = default)
    {
        var metrics = await db.BenchmarkMetrics.AsNoTracking()
            .Where(m => m.Indicator.ListId == listId)
            .OrderBy(m => m.Indicator.Number).ThenBy(m => m.SortOrder).ThenBy(m => m.Id)
            .Select(m => new { m.Id, m.IndicatorId, m.Indicator.Number, IndicatorName = m.Indicator.Name, m.Name, m.BestValue, m.IsYesNo, m.Unit, m.Direction })
            .ToListAsync(ct);
        var readings = (await db.MetricReadings.AsNoTracking()
            .Where(r => r.Metric.Indicator.ListId == listId)
            .Where(r => r.Period == db.MetricReadings.Where(x => x.MetricId == r.MetricId).Max(x => (DateOnly?)x.Period)
                || r.Period == db.MetricReadings.Where(x => x.MetricId == r.MetricId && x.Period < thisMonth).Max(x => (DateOnly?)x.Period))
            .Select(r => new { r.Id, r.MetricId, r.Period, r.Value, r.RecordedAtUtc })
            .ToListAsync(ct)).ToLookup(r => r.MetricId);
        var near = options.Value.NearPercent;
        return [.. metrics.Select(m =>
        {
            // The latest reading of a month is its value (a correction is a newer reading for the same month).
            var byMonth = readings[m.Id].GroupBy(r => r.Period)
                .Select(g => g.OrderByDescending(r => r.RecordedAtUtc).ThenByDescending(r => r.Id).First())
                .OrderByDescending(r => r.Period).ToList();
            var current = byMonth.FirstOrDefault();
            var before = byMonth.FirstOrDefault(r => r.Period < thisMonth);
            var assessment = BenchmarkRules.Assess(m.BestValue, m.Direction, m.IsYesNo, current?.Value, near);
            decimal? change = current is not null && current.Period >= thisMonth && before is not null
                ? assessment.Share - BenchmarkRules.Assess(m.BestValue, m.Direction, m.IsYesNo, before.Value, near).Share
                : null;
            return new MetricStanding(m.Id, m.IndicatorId, m.Number, m.IndicatorName, m.Name, m.BestValue, m.IsYesNo, m.Unit, m.Direction, current?.Period, assessment, change);
        })];
    }

    /// <summary>
    /// 本月待填报: the metrics of working lists' indicators that <paramref name="unitId"/> leads (组长单位) without a reading
    /// for <paramref name="thisMonth"/>, in the list's order: one query.
    /// </summary>
    public Task<List<DueReading>> DueReadingsAsync(int unitId, DateOnly thisMonth, CancellationToken ct = default) =>
        db.BenchmarkMetrics.AsNoTracking()
            .Where(m => !m.Indicator.List.IsArchived
                && db.IndicatorUnits.Any(iu => iu.IndicatorId == m.IndicatorId && iu.UnitId == unitId && iu.Role == Domain.UnitRole.Lead)
                && !m.Readings.Any(r => r.Period == thisMonth))
            .OrderBy(m => m.Indicator.ListId).ThenBy(m => m.Indicator.Number).ThenBy(m => m.SortOrder)
            .Select(m => new DueReading(m.IndicatorId, m.Indicator.Number, m.Indicator.Name, m.Id, m.Name))
            .ToListAsync(ct);

    /// <summary>An indicator's metrics in their order, each with all its readings (a few a month at most): one query.</summary>
    public async Task<List<MetricRow>> ForIndicatorAsync(int indicatorId, CancellationToken ct = default)
    {
        var metrics = await db.BenchmarkMetrics.AsNoTracking()
            .Where(m => m.IndicatorId == indicatorId)
            .OrderBy(m => m.SortOrder).ThenBy(m => m.Id)
            .Select(m => new
            {
                Metric = m,
                m.Indicator.Number,
                IndicatorName = m.Indicator.Name,
                Readings = m.Readings.Select(r => new { r.Id, r.Period, r.Value, r.Source, r.RecordedByName, r.RecordedAtUtc, r.EvidenceName }).ToList(),
            })
            .AsSplitQuery()
            .ToListAsync(ct);
        return [.. metrics.Select(x =>
        {
            var m = x.Metric;
            var ordered = x.Readings.OrderByDescending(r => r.Period).ThenByDescending(r => r.RecordedAtUtc).ThenByDescending(r => r.Id).ToList();
            var history = ordered.Select((r, i) => new ReadingItem(r.Id, r.Period, r.Value, r.Source, r.RecordedByName, r.RecordedAtUtc, r.EvidenceName,
                Superseded: ordered.Take(i).Any(newer => newer.Period == r.Period))).ToList();
            var trend = history.Where(r => !r.Superseded).OrderBy(r => r.Period).Select(r => new TrendPoint(r.Period, r.Value)).ToList();
            var current = history.FirstOrDefault();
            return new MetricRow(m.Id, m.IndicatorId, x.Number, x.IndicatorName, m.Name, m.BestValue, m.IsYesNo, m.Unit, m.Direction, m.Words, m.Note, current,
                BenchmarkRules.Assess(m.BestValue, m.Direction, m.IsYesNo, current?.Value, options.Value.NearPercent), trend, history) { Version = m.Version };
        })];
    }
}
