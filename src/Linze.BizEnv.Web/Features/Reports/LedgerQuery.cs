using System.Globalization;
using Linze.BizEnv.Web.Data;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Domain.Rectification;
using Linze.BizEnv.Web.Excel;
using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.Web.Features.Reports;

/// <summary>What a ledger is narrowed to: leader, unit, status; with a unit's progress entries for its own report.</summary>
public sealed record LedgerFilter(string? Leader = null, string? Unit = null, ProblemStatus? Status = null, bool WithEntries = false)
{
    /// <summary>The unit whose own report this is (its ledger with its progress entries), which signs it; else null.</summary>
    public string? ReportingUnit => WithEntries ? Unit : null;

    /// <summary>What the ledger is narrowed to, for its title: 责任领导：周延年，状态：整改中; null for the whole ledger.</summary>
    public string? Describe() => string.Join("，", Parts().Select(p => $"{p.Label}：{p.Value}")) is { Length: > 0 } s ? s : null;

    /// <summary>The download's name, safe on Windows: 整改台账-责任领导周延年-20261127.xlsx.</summary>
    public string FileName(DateOnly day)
    {
        var narrowed = FileNames.Safe(string.Join('-', Parts().Select(p => p.Label + p.Value)), MaxNarrowedChars, fallback: "");
        return string.Join('-', new[] { "整改台账", narrowed, day.ToString("yyyyMMdd", CultureInfo.InvariantCulture) }.Where(p => p.Length > 0)) + ".xlsx";
    }

    /// <summary>The filter's part of a file name at most: a name from the query string may be of any length.</summary>
    public const int MaxNarrowedChars = 60;

    private IEnumerable<(string Label, string Value)> Parts()
    {
        if (Leader is not null)
        {
            yield return ("责任领导", Leader);
        }

        if (Unit is not null)
        {
            yield return ("责任单位", Unit);
        }

        if (Status is { } status)
        {
            yield return ("状态", status.ToChinese());
        }
    }
}

/// <summary>Builds the ledger with a fixed number of set-based queries, whatever the size of the list.</summary>
public sealed class LedgerQuery(BizEnvDbContext db, TimeProvider time, Microsoft.Extensions.Options.IOptions<TrafficLightOptions> lights,
    Microsoft.Extensions.Options.IOptions<UrgeOptions> urgeLevels, Benchmarks.BenchmarkQuery benchmarks)
{
    public async Task<LedgerReport?> BuildAsync(int listId, LedgerFilter filter, CancellationToken ct = default)
    {
        var list = await db.Lists.AsNoTracking().Where(l => l.Id == listId).Select(l => new { l.Title, l.IssuingOffice }).SingleOrDefaultAsync(ct);
        if (list is null)
        {
            return null;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var today = ChinaTime.Today(time);
        var problems = db.Problems.AsNoTracking().Where(p => p.Indicator.ListId == listId);
        if (filter.Leader is not null)
        {
            problems = problems.Where(p => p.Indicator.Leader != null && p.Indicator.Leader.Name == filter.Leader);
        }

        if (filter.Unit is not null)
        {
            problems = problems.Where(p => p.ResponsibleUnit != null && p.ResponsibleUnit.Name == filter.Unit);
        }

        if (filter.Status is { } status)
        {
            problems = problems.Where(p => p.Status == status);
        }

        var problemRows = await problems
            .Select(p => new
            {
                p.Indicator.Number, IndicatorName = p.Indicator.Name, p.Ordinal, p.Text, p.Measures,
                Unit = p.ResponsibleUnit == null ? null : p.ResponsibleUnit.Name,
                Leader = p.Indicator.Leader == null ? null : p.Indicator.Leader.Name,
                p.DueDate, p.IsLongTerm, p.StartDate, p.Status, p.PercentComplete, p.LastProgressAtUtc, p.ClosedAtUtc, Loaded = p.Indicator.List.CreatedAtUtc,
                // The responsible unit's progress: a 协办 entry moves none of the problem's figures, so not these either.
                Latest = db.ProgressEntries.Where(e => e.ProblemId == p.Id && !e.IsSupporting).OrderByDescending(e => e.CreatedAtUtc).Select(e => e.Text).FirstOrDefault(),
                LatestDate = db.ProgressEntries.Where(e => e.ProblemId == p.Id && !e.IsSupporting).Max(e => (DateOnly?)e.Date),
                ClosureNote = db.StatusChanges.Where(c => c.ProblemId == p.Id && c.To == ProblemStatus.SubmittedForClosure).OrderByDescending(c => c.AtUtc).Select(c => c.Reason).FirstOrDefault(),
                ReviewComment = db.StatusChanges.Where(c => c.ProblemId == p.Id && c.From == ProblemStatus.SubmittedForClosure).OrderByDescending(c => c.AtUtc).Select(c => c.Reason).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var rows = problemRows.Select(p =>
        {
            var light = new LightInput(p.Status, p.DueDate, p.StartDate, p.PercentComplete, p.LastProgressAtUtc, p.Loaded);
            return new LedgerRow(
                p.Number, p.IndicatorName, p.Ordinal, p.Text, p.Measures, p.Unit, p.Leader, p.DueDate, p.Status, p.PercentComplete, p.Latest, p.LatestDate,
                ScoreboardRules.IsOverdue(new ClosureOutcome(p.Status, p.DueDate, p.ClosedAtUtc), today),
                TrafficLightRules.Compute(light, now, lights.Value),
                p.ClosedAtUtc, p.IsLongTerm, p.ClosureNote, p.ReviewComment,
                UrgeLevels.For(TrafficLightRules.Facts(light, now, lights.Value).OverdueDays, urgeLevels.Value));
        }).ToList();

        // Indicators with no problems still get their line, with their latest 对标举措 — unless a status filter excludes them.
        if (filter.Status is null)
        {
            var bare = db.Indicators.AsNoTracking().Where(i => i.ListId == listId && !i.Problems.Any());
            if (filter.Leader is not null)
            {
                bare = bare.Where(i => i.Leader != null && i.Leader.Name == filter.Leader);
            }

            if (filter.Unit is not null)
            {
                bare = bare.Where(i => i.Units.Any(u => u.Role == UnitRole.Lead && u.Unit.Name == filter.Unit));
            }

            rows.AddRange((await bare.Select(i => new
            {
                i.Number, i.Name,
                Unit = i.Units.Where(u => u.Role == UnitRole.Lead).OrderBy(u => u.SortOrder).Select(u => u.Unit.Name).FirstOrDefault(),
                Leader = i.Leader == null ? null : i.Leader.Name,
                Latest = db.ProgressEntries.Where(e => e.IndicatorId == i.Id && e.ProblemId == null).OrderByDescending(e => e.CreatedAtUtc).Select(e => e.Text).FirstOrDefault(),
                LatestDate = db.ProgressEntries.Where(e => e.IndicatorId == i.Id && e.ProblemId == null).Max(e => (DateOnly?)e.Date),
            }).ToListAsync(ct))
            .Select(i => new LedgerRow(i.Number, i.Name, null, null, null, i.Unit, i.Leader, null, null, null, i.Latest, i.LatestDate, false, null, null)));
        }

        // One query, the evidence names joined in (not a query per entry).
        var entries = filter.ReportingUnit is { } reporting
            ? (await db.ProgressEntries.AsNoTracking()
                .Where(e => e.Indicator.ListId == listId && e.Unit != null && e.Unit.Name == reporting)
                .OrderByDescending(e => e.Date).ThenByDescending(e => e.Id)
                .Select(e => new
                {
                    e.Date, Indicator = e.Indicator.Name, Ordinal = e.Problem == null ? (int?)null : e.Problem.Ordinal, e.Text, e.AuthorName, e.PercentComplete,
                    e.IsSupporting, Files = e.Evidence.OrderBy(f => f.Id).Select(f => f.FileName).ToList(),
                })
                .ToListAsync(ct))
                .Select(e => new LedgerEntry(e.Date, e.Indicator, e.Ordinal, e.Text, e.AuthorName, e.PercentComplete, e.IsSupporting, e.Files)).ToList()
            : [];
        return new LedgerReport(list.Title, filter.ReportingUnit ?? list.IssuingOffice, today, filter.Describe(),
            [.. rows.OrderBy(r => r.IndicatorNumber).ThenBy(r => r.ProblemOrdinal ?? 0)], entries, await BenchmarksAsync(listId, filter, today, ct));
    }

    /// <summary>
    /// The 对标差距 sheet's rows: the list's metrics assessed on their current readings, of the leader's indicators when
    /// narrowed to a leader and of the indicators the unit leads when narrowed to a unit (a status does not narrow them).
    /// </summary>
    public async Task<List<BenchmarkRow>> BenchmarksAsync(int listId, LedgerFilter filter, DateOnly today, CancellationToken ct = default)
    {
        var indicators = (await db.Indicators.AsNoTracking().Where(i => i.ListId == listId)
            .Select(i => new
            {
                i.Id,
                Leader = i.Leader == null ? null : i.Leader.Name,
                Leads = i.Units.Where(u => u.Role == UnitRole.Lead).Select(u => u.Unit.Name).ToList(),
            })
            .ToListAsync(ct))
            .Where(i => (filter.Leader is null || i.Leader == filter.Leader) && (filter.Unit is null || i.Leads.Contains(filter.Unit)))
            .Select(i => i.Id).ToHashSet();
        return [.. (await benchmarks.ForListAsync(listId, new DateOnly(today.Year, today.Month, 1), ct))
            .Where(m => indicators.Contains(m.IndicatorId))
            .Select(m => new BenchmarkRow(m.IndicatorNumber, m.IndicatorName, m.Name, m.Best, m.IsYesNo, m.Unit, m.Direction, m.Period, m.Assessment))];
    }
}
