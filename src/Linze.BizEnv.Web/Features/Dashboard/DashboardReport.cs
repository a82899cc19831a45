using Linze.BizEnv.Web.Data;
using Linze.BizEnv.Web.Features.Shared;
using Linze.BizEnv.Web.Domain.Rectification;

namespace Linze.BizEnv.Web.Features.Dashboard;

/// <summary>What the dashboard is narrowed to; every part is optional and travels in the URL.</summary>
public sealed record DashboardFilter(int? LeaderId = null, int? UnitId = null, ProblemStatus? Status = null, TrafficLight? Light = null)
{
    public bool IsEmpty => LeaderId is null && UnitId is null && Status is null && Light is null;

    public bool NarrowsProblems => Status is not null || Light is not null;
}

/// <summary>Who is looking: their unit's or their indicators' figures come first.</summary>
public sealed record DashboardViewer(int? UnitId = null, int? LeaderId = null);

public sealed record HeadlineFigures(int Indicators, int Problems, int Closed, int InProgress, int Overdue, int DueSoonOrStale, int AwaitingReview)
{
    /// <summary>已销号 as a share of all problems, 0–100, rounded down so 99.6 % never shows as done.</summary>
    public int ClosedPercent => Problems == 0 ? 0 : Closed * 100 / Problems;
}

public sealed record IndicatorStanding(
    int Id, int Number, string Name, NamedLink? Leader, IReadOnlyList<NamedLink> LeadUnits,
    int Problems, int Closed, int MeanPercent, int Overdue, TrafficLight? Light, bool IsMine)
{
    public int ClosedPercent => Problems == 0 ? 0 : Closed * 100 / Problems;
}

public sealed record ProblemAlert(
    int Id, int IndicatorNumber, string Indicator, int Ordinal, string Text, NamedLink? Unit,
    DateOnly DueDate, int DaysFromToday, int PercentComplete, ProblemStatus Status, UrgeLevel? UrgeLevel = null);

/// <summary>A row of the 红黑榜: the figures, and the unit's 名次 and list by <see cref="ScoreboardRules"/>.</summary>
public sealed record UnitScoreboardRow(
    int Id, string Name, int Problems, int Closed, int Overdue, int? OnTimePercent, int? DaysSinceLastEntry, bool IsStale, bool IsMine, int Rank = 0)
{
    public int ClosedPercent => Problems == 0 ? 0 : Closed * 100 / Problems;

    public ScoreboardFigures Figures => new(Overdue, Closed, OnTimePercent, IsStale, ClosedPercent);

    public ScoreboardStanding Standing => ScoreboardRules.Standing(Figures);
}

public sealed record LeaderStanding(int Id, string Name, int Indicators, int Problems, int Closed, int Overdue, bool IsMine)
{
    public int ClosedPercent => Problems == 0 ? 0 : Closed * 100 / Problems;
}

/// <summary>One week of the trend, from its Monday.</summary>
public sealed record WeekPoint(DateOnly Monday, int Closures, int Entries);

public sealed record DashboardReport(
    int ListId, string ListTitle, bool ListIsArchived, IReadOnlyList<ListOption> Lists, DashboardFilter Filter, DateOnly Today,
    HeadlineFigures Headline, IReadOnlyDictionary<ProblemStatus, int> StatusCounts,
    IReadOnlyList<IndicatorStanding> Indicators, IReadOnlyList<ProblemAlert> Overdue, IReadOnlyList<ProblemAlert> DueSoon,
    IReadOnlyList<UnitScoreboardRow> UnitScoreboard, IReadOnlyList<LeaderStanding> Leaders, IReadOnlyList<WeekPoint> Trend,
    IReadOnlyList<NamedLink> UnitOptions, IReadOnlyList<NamedLink> LeaderOptions, int DueSoonDays, int StaleDays, BenchmarkSummary? Benchmark = null)
{
    public UnitScoreboardRow? MyUnit => UnitScoreboard.FirstOrDefault(u => u.IsMine);

    public IEnumerable<IndicatorStanding> MyIndicators => Indicators.Where(i => i.IsMine);
}

/// <summary>
/// 对标达标 on the dashboard, for the indicators the filters show: the rate, the metrics furthest behind the province's
/// best (lowest share reached first) and those whose share moved most this month; null when those indicators have no metric.
/// </summary>
public sealed record BenchmarkSummary(
    int Metrics, int Reported, int Reached, int? Rate, IReadOnlyList<Benchmarks.MetricStanding> FurthestBehind, IReadOnlyList<Benchmarks.MetricStanding> MovedMost)
{
    public static BenchmarkSummary? Of(IReadOnlyList<Benchmarks.MetricStanding> metrics, int rows)
    {
        if (metrics.Count == 0)
        {
            return null;
        }

        var states = metrics.Select(m => m.Assessment.State).ToList();
        return new BenchmarkSummary(
            metrics.Count,
            states.Count(s => s != Domain.Benchmarking.Attainment.NotReported),
            states.Count(s => s == Domain.Benchmarking.Attainment.Reached),
            Domain.Benchmarking.BenchmarkRules.Rate(states),
            [.. metrics.Where(m => m.Assessment.State is Domain.Benchmarking.Attainment.Behind or Domain.Benchmarking.Attainment.Near)
                .OrderBy(m => m.Assessment.Share).ThenBy(m => m.IndicatorNumber).ThenBy(m => m.Name, StringComparer.Ordinal).Take(rows)],
            [.. metrics.Where(m => m.ShareChange is { } c && c != 0)
                .OrderByDescending(m => Math.Abs(m.ShareChange!.Value)).ThenBy(m => m.IndicatorNumber).Take(rows)]);
    }
}
