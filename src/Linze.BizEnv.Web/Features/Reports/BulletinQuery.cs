using System.Globalization;
using Linze.BizEnv.Web.Data;
using Linze.BizEnv.Web.Documents;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Domain.Rectification;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Linze.BizEnv.Web.Features.Reports;

/// <summary>Builds <see cref="BulletinFacts"/> in five set-based queries, for the whole list or one leader's indicators.</summary>
public sealed class BulletinQuery(
    BizEnvDbContext db, ListStore lists, TimeProvider time, IOptions<TrafficLightOptions> lights, IOptions<UrgeOptions> urgeLevels,
    Benchmarks.BenchmarkQuery benchmarks, IOptions<DocumentOptions> documents)
{
    /// <summary>
    /// A month typed as yyyy-MM (blank: this month) within <paramref name="months"/>; null, with <paramref name="refusal"/>
    /// saying in Chinese what to give, when it is unreadable or outside them. What the web page and the CLI both accept.
    /// </summary>
    public static bool TryMonth(string? text, (DateOnly First, DateOnly Last) months, out DateOnly? month, out string? refusal)
    {
        month = null;
        refusal = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
            && parsed >= months.First && parsed <= months.Last)
        {
            month = parsed;
            return true;
        }

        refusal = $"请选择 {months.First:yyyy-MM} 至 {months.Last:yyyy-MM} 之间的月份（格式如 {months.Last:yyyy-MM}）。";
        return false;
    }

    /// <summary>The 月度工作进展通报 of <paramref name="month"/> (null: this month) from the office's template: the .docx and its facts.</summary>
    public async Task<(byte[] Docx, BulletinFacts Facts)?> MonthlyAsync(DateOnly? month, CancellationToken ct = default)
    {
        if (await BuildAsync(month, null, ct) is not { } facts)
        {
            return null;
        }

        var template = await db.StoredTemplates.ContentOfAsync(TemplateKind.Monthly, ct);
        return (BulletinDocument.Monthly(template, facts, documents.Value.IssuingOffice, ChinaTime.Today(time)), facts);
    }

    /// <summary>A 责任领导's one-page brief from the office's template: the .docx and its facts.</summary>
    public async Task<(byte[] Docx, BulletinFacts Facts)?> BriefAsync(int leaderId, string leaderName, CancellationToken ct = default)
    {
        if (await BuildAsync(null, leaderId, ct) is not { } facts)
        {
            return null;
        }

        var template = await db.StoredTemplates.ContentOfAsync(TemplateKind.LeaderBrief, ct);
        return (BulletinDocument.Brief(template, facts, leaderName, documents.Value.IssuingOffice, ChinaTime.Today(time)), facts);
    }

    /// <summary>The first month a 通报 may be asked for, and the latest: the list's load month to this month.</summary>
    public async Task<(DateOnly First, DateOnly Last)?> MonthsAsync(CancellationToken ct = default)
    {
        if (await lists.FindActiveListIdAsync(ct) is not { } listId)
        {
            return null;
        }

        var loaded = await db.Lists.Where(l => l.Id == listId).Select(l => l.CreatedAtUtc).SingleAsync(ct);
        var today = ChinaTime.Today(time);
        var first = DateOnly.FromDateTime(ChinaTime.From(loaded));
        return (new DateOnly(first.Year, first.Month, 1), new DateOnly(today.Year, today.Month, 1));
    }

    /// <summary>The working list's facts for <paramref name="month"/> (its first day; null: this month), narrowed to a leader's indicators when given.</summary>
    public async Task<BulletinFacts?> BuildAsync(DateOnly? month, int? leaderId, CancellationToken ct = default)
    {
        if (await lists.FindActiveListIdAsync(ct) is not { } listId)
        {
            return null;
        }

        var today = ChinaTime.Today(time);
        var first = month ?? new DateOnly(today.Year, today.Month, 1);
        var asOf = first.AddMonths(1).AddDays(-1) is var last && last < today ? last : today;
        var before = first.AddDays(-1);
        var endUtc = ChinaTime.ToUtc(asOf.AddDays(1).ToDateTime(TimeOnly.MinValue));

        var list = await db.Lists.AsNoTracking().Where(l => l.Id == listId).Select(l => new { l.Title, l.CreatedAtUtc, l.IssueDate }).SingleAsync(ct);
        var problems = await db.Problems.AsNoTracking()
            .Where(p => p.Indicator.ListId == listId && (leaderId == null || p.Indicator.LeaderId == leaderId))
            .OrderBy(p => p.Indicator.Number).ThenBy(p => p.Ordinal)
            .Select(p => new
            {
                p.IndicatorId, IndicatorNumber = p.Indicator.Number, p.Ordinal, p.Text, p.DueDate, p.ClosedAtUtc,
                UnitId = p.ResponsibleUnitId, Unit = p.ResponsibleUnit == null ? null : p.ResponsibleUnit.Name,
            })
            .ToListAsync(ct);
        var indicators = await db.Indicators.AsNoTracking()
            .Where(i => i.ListId == listId && (leaderId == null || i.LeaderId == leaderId))
            .OrderBy(i => i.Number)
            .Select(i => new { i.Id, i.Number, i.Name, Leader = i.Leader == null ? null : i.Leader.Name })
            .ToListAsync(ct);
        var entries = await db.ProgressEntries.AsNoTracking()
            .Where(e => e.Indicator.ListId == listId && (leaderId == null || e.Indicator.LeaderId == leaderId) && e.Date >= first && e.Date <= asOf)
            .GroupBy(e => e.IndicatorId)
            .Select(g => new { IndicatorId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.IndicatorId, x => x.Count, ct);
        var lastEntries = await db.ProgressEntries.AsNoTracking()
            .Where(e => e.Indicator.ListId == listId && e.UnitId != null && e.CreatedAtUtc < endUtc)
            .GroupBy(e => e.UnitId!.Value)
            .Select(g => new { UnitId = g.Key, Last = g.Max(e => e.CreatedAtUtc) })
            .ToDictionaryAsync(x => x.UnitId, x => x.Last, ct);

        DateOnly? ClosedOn(DateTime? utc) => utc is { } at ? DateOnly.FromDateTime(ChinaTime.From(at)) : null;
        bool ClosedBy(DateTime? closedAt, DateOnly day) => ClosedOn(closedAt) is { } d && d <= day;
        bool OverdueOn(DateOnly? due, DateTime? closedAt, DateOnly day) => !ClosedBy(closedAt, day) && due is { } d && d < day;
        BulletinFigures Figures(DateOnly day) => new(problems.Count, problems.Count(p => ClosedBy(p.ClosedAtUtc, day)), problems.Count(p => OverdueOn(p.DueDate, p.ClosedAtUtc, day)));
        bool ClosedInMonth(DateTime? closedAt) => ClosedOn(closedAt) is { } d && d >= first && d <= asOf;

        var indicatorRows = indicators.Select(i =>
        {
            var own = problems.Where(p => p.IndicatorId == i.Id).ToList();
            return new BulletinIndicator(i.Number, i.Name, i.Leader, own.Count, own.Count(p => ClosedBy(p.ClosedAtUtc, asOf)), own.Count(p => ClosedInMonth(p.ClosedAtUtc)),
                own.Count(p => OverdueOn(p.DueDate, p.ClosedAtUtc, asOf)), entries.GetValueOrDefault(i.Id));
        }).ToList();

        var staleDays = lights.Value.StaleDays;
        var units = problems.Where(p => p.UnitId is not null).GroupBy(p => (Id: p.UnitId!.Value, Name: p.Unit!)).Select(g =>
        {
            var outcomes = g.Select(p => new ClosureOutcome(ClosedBy(p.ClosedAtUtc, asOf) ? ProblemStatus.Closed : ProblemStatus.InProgress, p.DueDate,
                ClosedBy(p.ClosedAtUtc, asOf) ? p.ClosedAtUtc : null)).ToList();
            var days = ScoreboardRules.DaysSince(lastEntries.TryGetValue(g.Key.Id, out var lastAt) ? lastAt : null, asOf);
            var figures = ScoreboardRules.Figures(outcomes, days, list.CreatedAtUtc, list.IssueDate, asOf, staleDays);
            return (g.Key.Name, Problems: g.Count(), Figures: figures);
        }).ToList();
        var ranks = ScoreboardRules.Ranks([.. units.Select(u => u.Figures)]);
        var unitRows = units.Select((u, i) => new BulletinUnit(u.Name, u.Problems, u.Figures.Closed, u.Figures.Overdue, u.Figures.OnTimePercent, u.Figures.IsStale,
                ranks[i], ScoreboardRules.Standing(u.Figures)))
            .OrderBy(u => u.Rank).ThenBy(u => u.Name, StringComparer.Ordinal).ToList();

        var overdueRows = problems.Where(p => OverdueOn(p.DueDate, p.ClosedAtUtc, asOf))
            .Select(p => (p, Days: asOf.DayNumber - p.DueDate!.Value.DayNumber))
            .Select(x => new BulletinOverdue($"{x.p.IndicatorNumber}-{x.p.Ordinal}", indicators.First(i => i.Id == x.p.IndicatorId).Name, x.p.Text, x.p.Unit,
                x.p.DueDate!.Value, x.Days, UrgeLevels.For(x.Days, urgeLevels.Value)!.Value))
            .OrderByDescending(o => o.Level).ThenByDescending(o => o.OverdueDays).ThenBy(o => o.Label, StringComparer.Ordinal).ToList();

        var indicatorIds = indicators.Select(i => i.Id).ToHashSet();
        var metrics = (await benchmarks.ForListAsync(listId, first, ct)).Where(m => indicatorIds.Contains(m.IndicatorId)).ToList();
        var behind = metrics.Where(m => m.Assessment.State is Domain.Benchmarking.Attainment.Behind or Domain.Benchmarking.Attainment.Near)
            .OrderBy(m => m.Assessment.Share).ThenBy(m => m.IndicatorNumber).ThenBy(m => m.Name, StringComparer.Ordinal)
            .Select(m => new BulletinMetric(m.IndicatorName, m.Name, m.BestText, m.CurrentText, m.GapText)).ToList();

        return new BulletinFacts(listId, list.Title, first, asOf, Figures(asOf), Figures(before), entries.Values.Sum(), problems.Count(p => ClosedInMonth(p.ClosedAtUtc)),
            indicatorRows, unitRows, overdueRows, behind, metrics.Count, metrics.Count(m => m.Assessment.State == Domain.Benchmarking.Attainment.Reached),
            metrics.Count(m => m.Assessment.State != Domain.Benchmarking.Attainment.NotReported));
    }
}
