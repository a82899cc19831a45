using Linze.BizEnv.Web.Data;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Domain.Benchmarking;
using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.Web.Workflow;

/// <summary>
/// Adds, corrects and removes an indicator's 对标指标项 (the caller has authorized an Admin). A metric's words must stand
/// in the indicator's 全省最佳表现, as the seed's and the import's do; a correction or removal sent from an older page is
/// refused rather than applied over another's change. Every change is in the audit trail.
/// </summary>
public sealed class MetricDefinitions(BizEnvDbContext db)
{
    public async Task<BenchmarkMetric> AddAsync(int indicatorId, MetricDocument typed, CancellationToken ct = default)
    {
        var indicator = await db.Indicators.SingleAsync(i => i.Id == indicatorId, ct);
        CheckWords(indicator, typed.Words);
        await CheckNameAsync(indicatorId, 0, typed.Name, ct);
        var last = await db.BenchmarkMetrics.Where(m => m.IndicatorId == indicatorId).MaxAsync(m => (int?)m.SortOrder, ct) ?? 0;
        var metric = BenchmarkMetric.From(typed, last + 1);
        metric.IndicatorId = indicatorId;
        db.BenchmarkMetrics.Add(metric);
        await db.SaveChangesAsync(ct);
        return metric;
    }

    public async Task CorrectAsync(int indicatorId, int metricId, Guid version, MetricDocument typed, CancellationToken ct = default)
    {
        var metric = await FindAsync(indicatorId, metricId, version, ct);
        CheckWords(await db.Indicators.SingleAsync(i => i.Id == indicatorId, ct), typed.Words);
        await CheckNameAsync(indicatorId, metricId, typed.Name, ct);
        metric.Correct(typed, await db.MetricReadings.AnyAsync(r => r.MetricId == metricId, ct));
        await SaveAsync(ct);
    }

    /// <summary>Removes the metric with its readings (the page asks first, naming how many).</summary>
    public async Task RemoveAsync(int indicatorId, int metricId, Guid version, CancellationToken ct = default)
    {
        var metric = await FindAsync(indicatorId, metricId, version, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.MetricReadings.RemoveRange(await db.MetricReadings.Where(r => r.MetricId == metricId).ToListAsync(ct));
        db.BenchmarkMetrics.Remove(metric);
        await SaveAsync(ct);
        await transaction.CommitAsync(ct);
    }

    private async Task<BenchmarkMetric> FindAsync(int indicatorId, int metricId, Guid version, CancellationToken ct)
    {
        var metric = await db.BenchmarkMetrics.SingleOrDefaultAsync(m => m.Id == metricId && m.IndicatorId == indicatorId, ct)
            ?? throw new RefusedException("本指标没有这个对标指标项（可能已被删除），请刷新页面后再试。");
        if (metric.Version != version)
        {
            throw new RefusedException(Stale);
        }

        db.Entry(metric).Property(m => m.Version).OriginalValue = version;
        return metric;
    }

    private async Task SaveAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new RefusedException(Stale);
        }
    }

    private const string Stale = "这个对标指标项刚被他人修改或删除，本次未保存。请刷新页面查看最新内容后再改。";

    /// <summary>Two metrics of one indicator by one name would be told apart nowhere: the readings form, the sheets, the dashboard.</summary>
    private async Task CheckNameAsync(int indicatorId, int metricId, string name, CancellationToken ct)
    {
        if (await db.BenchmarkMetrics.AnyAsync(m => m.IndicatorId == indicatorId && m.Id != metricId && m.Name == name.Trim(), ct))
        {
            throw new RefusedException($"本指标已有名为“{name.Trim()}”的对标指标项，请换一个名称（如加上“低压”“高压”区分）。");
        }
    }

    /// <summary>The words a metric is read from stand in the indicator's 全省最佳表现 (full- and half-width alike).</summary>
    private static void CheckWords(Indicator indicator, string words)
    {
        static string Plain(string text) => text.Normalize(System.Text.NormalizationForm.FormKC);
        if (!Plain(indicator.ProvinceBest).Contains(Plain(words), StringComparison.Ordinal))
        {
            throw new RefusedException($"原文“{PlainText.Shorten(words, 30)}”不在本指标的“全省最佳表现”中：请从全省最佳表现中复制这个指标项所依据的那段文字。");
        }
    }
}
