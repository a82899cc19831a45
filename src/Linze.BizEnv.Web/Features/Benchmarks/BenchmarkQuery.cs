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

    /// <summary>差距 as written: +2天 behind, -0.5天 ahead, 0 at the best; 未实现 for an unmet yes/no metric.</summary>
    public string? GapText => Assessment.State == Attainment.NotReported ? null
        : IsYesNo ? (Assessment.State == Attainment.Reached ? "—" : "未实现")
        : Assessment.Gap is { } gap ? (gap > 0 ? "+" : "") + BenchmarkRules.Format(gap, false) + Unit : null;

    /// <summary>The share of the province's best reached, as a whole percent (rounded down).</summary>
    public int? SharePercent => Assessment.Share is { } share ? (int)Math.Floor(share * 100) : null;
}

/// <summary>Reads metrics with their readings and assesses them (<see cref="BenchmarkRules"/>), for the indicator page.</summary>
public sealed class BenchmarkQuery(BizEnvDbContext db, IOptions<BenchmarkOptions> options)
{
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
                BenchmarkRules.Assess(m.BestValue, m.Direction, m.IsYesNo, current?.Value, options.Value.NearPercent), trend, history);
        })];
    }
}
