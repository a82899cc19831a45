using System.Text.RegularExpressions;
using Linze.BizEnv.Web.Data;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Domain.Benchmarking;
using Linze.BizEnv.Web.Excel;
using Linze.BizEnv.Web.Features.Imports;
using Linze.BizEnv.Web.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.Web.Features.Benchmarks;

/// <summary>A reading the import would write: where it is in the file, which metric and month, the value, and whether it corrects a value already reported.</summary>
public sealed record PlannedReading(string Cell, int IndicatorNumber, string Indicator, string Metric, DateOnly Period, string Value, string Source, bool IsCorrection);

/// <summary>What importing a 本县现值 sheet would write into the working list; rows equal to what is reported already are counted, not written.</summary>
public sealed record ReadingsPlan(string ListTitle, IReadOnlyList<PlannedReading> Readings, int Unchanged, int Blank = 0) : IImportPlan
{
    public bool HasChanges => Readings.Count > 0;
}

/// <summary>
/// Imports 本县现值 from Excel (<see cref="ReadingsImporter"/>) into the working list's metrics: every row is checked
/// first — the indicator (by 序号, name, or "1. 开办企业"), the metric by name, the month, the value as the metric is
/// measured, the source — and any refusal, each naming its cell, writes nothing. A row equal to the month's current value
/// is not written again, so the same file twice changes nothing; a different value for a reported month is a correction.
/// </summary>
public sealed partial class ReadingsImport(BizEnvDbContext db, ListStore lists, TimeProvider time)
{
    /// <summary>A refusal lists at most this many cells, then says how many more.</summary>
    public const int MaxRefusals = 20;

    /// <summary>Plans the import; with a <paramref name="writer"/> (not a dry run) writes it in one <c>SaveChanges</c>.</summary>
    public async Task<ReadingsPlan> ImportAsync(ParsedReadings parsed, Writer? writer, CancellationToken ct = default)
    {
        var lines = parsed.Lines.Where(l => !l.IsBlank).ToList();
        if (lines.Count == 0 && parsed.Refusals.Count == 0)
        {
            throw new ImportRefusedException("表中没有填写本县值的行：请在“本县值”和“来源”两列填写后再上传。");
        }

        var listId = await lists.FindActiveListIdAsync(ct) ?? throw new ImportRefusedException("系统中没有正在使用的清单，无法导入本县现值。");
        var title = await db.Lists.Where(l => l.Id == listId).Select(l => l.Title).SingleAsync(ct);
        var metrics = await db.BenchmarkMetrics.Where(m => m.Indicator.ListId == listId).Include(m => m.Indicator).ToListAsync(ct);
        var indicators = await db.Indicators.AsNoTracking().Where(i => i.ListId == listId).Select(i => new IndicatorName(i.Number, i.Name)).ToListAsync(ct);
        var metricIds = metrics.Select(m => m.Id).ToList();
        var current = (await db.MetricReadings.AsNoTracking().Where(r => metricIds.Contains(r.MetricId))
                .Select(r => new { r.MetricId, r.Period, r.Value, r.RecordedAtUtc, r.Id }).ToListAsync(ct))
            .GroupBy(r => (r.MetricId, r.Period))
            .ToDictionary(g => g.Key, g => g.OrderByDescending(r => r.RecordedAtUtc).ThenByDescending(r => r.Id).First().Value);
        var now = time.GetUtcNow().UtcDateTime;
        var today = ChinaTime.Today(time);
        var refusals = new List<string>(parsed.Refusals);
        var planned = new List<(PlannedReading Plan, MetricReading Reading)>();
        var seen = new Dictionary<(int, DateOnly), string>();
        var unchanged = 0;
        foreach (var line in lines)
        {
            try
            {
                var metric = Find(metrics, indicators, line);
                var period = line.PeriodDate is { } date ? new DateOnly(date.Year, date.Month, 1) : At(line.Cells, line.Cells.Period, () => MetricReading.ParsePeriod(line.PeriodText));
                At(line.Cells, line.Cells.Value, () => MetricReading.ParseValue(metric, line.Value));
                if (line.Source.Length == 0)
                {
                    throw ImportRefusedException.At(line.Cells.Sheet, line.Cells.Source, "请填写来源：这个数值出自哪个统计报表、业务系统或工作报告。");
                }

                // What is left to refuse is the month (not yet come, or before 2000).
                var reading = At(line.Cells, line.Cells.Period, () => MetricReading.Record(metric, period, line.Value, line.Source, writer?.UserId, writer?.Name ?? "", now, today));
                if (seen.TryGetValue((metric.Id, period), out var first))
                {
                    throw ImportRefusedException.At(line.Cells.Sheet, line.Cells.Metric, $"“{metric.Indicator.Name}·{metric.Name}”{period.Year}年{period.Month}月已在 {first} 所在行填写，同一月份只能填一次。");
                }

                seen[(metric.Id, period)] = line.Cells.Metric;
                if (current.TryGetValue((metric.Id, period), out var reported) && reported == reading.Value)
                {
                    unchanged++;
                    continue;
                }

                planned.Add((new PlannedReading($"{line.Cells.Sheet}!{line.Cells.Value}", metric.Indicator.Number, metric.Indicator.Name, metric.Name, period,
                    BenchmarkRules.FormatWithUnit(reading.Value, metric.IsYesNo, metric.Unit), reading.Source!, current.ContainsKey((metric.Id, period))), reading));
            }
            catch (ImportRefusedException ex)
            {
                refusals.Add(ex.Message);
            }
        }

        if (refusals.Count > 0)
        {
            throw new ImportRefusedException(string.Join('\n', refusals.Take(MaxRefusals))
                + (refusals.Count > MaxRefusals ? $"\n……另有 {refusals.Count - MaxRefusals} 处有误。" : "")
                + "\n以上各处有误，未导入任何内容。请改正后重新上传。");
        }

        if (writer is not null && planned.Count > 0)
        {
            db.MetricReadings.AddRange(planned.Select(p => p.Reading));
            await db.SaveChangesAsync(ct);
        }

        return new ReadingsPlan(title, [.. planned.Select(p => p.Plan)], unchanged, parsed.Lines.Count - lines.Count);
    }

    private sealed record IndicatorName(int Number, string Name);

    /// <summary>The metric a row names: its indicator by "1. 开办企业", "1" or "开办企业" (required), then the metric by name within it.</summary>
    private static BenchmarkMetric Find(List<BenchmarkMetric> metrics, List<IndicatorName> indicators, ReadingLine line)
    {
        if (line.Indicator.Length == 0)
        {
            throw ImportRefusedException.At(line.Cells.Sheet, line.Cells.Indicator, "请填写指标（序号或名称，例如“1. 开办企业”）：同名的指标项可能属于不同的指标。");
        }

        var match = NumberedName().Match(line.Indicator);
        var number = match.Success ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : (int?)null;
        var name = Compact(match.Success ? match.Groups[2].Value : line.Indicator);
        var named = indicators.Where(i => (number is null || i.Number == number) && (name.Length == 0 || Compact(i.Name) == name)).ToList();
        if (named.Count != 1)
        {
            throw ImportRefusedException.At(line.Cells.Sheet, line.Cells.Indicator, $"当前清单中没有指标“{line.Indicator}”。请按清单中的序号或名称填写，例如“1. 开办企业”。");
        }

        var indicator = named[0];
        var ofIndicator = metrics.Where(m => m.Indicator.Number == indicator.Number).ToList();
        if (ofIndicator.Count == 0)
        {
            throw ImportRefusedException.At(line.Cells.Sheet, line.Cells.Indicator, $"指标“{indicator.Name}”没有对标指标项，无需填报本县现值。");
        }

        return ofIndicator.FirstOrDefault(m => Compact(m.Name) == Compact(line.Metric))
            ?? throw ImportRefusedException.At(line.Cells.Sheet, line.Cells.Metric,
                $"指标“{indicator.Name}”没有指标项“{line.Metric}”。可填：{string.Join("、", ofIndicator.Select(m => m.Name))}。");
    }

    /// <summary>A domain refusal, at the cell it is about.</summary>
    private static T At<T>(ReadingCells cells, string cell, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (RefusedException ex)
        {
            throw ImportRefusedException.At(cells.Sheet, cell, ex.Message);
        }
    }

    /// <summary>A name as compared: full-width forms folded (ＫＣ), white space removed as in headers (<see cref="WorkbookReader.Compact"/>).</summary>
    private static string Compact(string text) => WorkbookReader.Compact(text.Normalize(System.Text.NormalizationForm.FormKC));

    [GeneratedRegex(@"^\s*(\d{1,3})\s*[.、．。]?\s*(.*)$")]
    private static partial Regex NumberedName();
}
