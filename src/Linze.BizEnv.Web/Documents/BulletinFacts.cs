using Linze.BizEnv.Web.Domain.Rectification;

namespace Linze.BizEnv.Web.Documents;

/// <summary>Headline figures as of a day: problems, those closed by then, those open past their deadline then.</summary>
public sealed record BulletinFigures(int Problems, int Closed, int Overdue)
{
    public int ClosedPercent => Problems == 0 ? 0 : Closed * 100 / Problems;
}

public sealed record BulletinIndicator(int Number, string Name, string? Leader, int Problems, int Closed, int ClosedInMonth, int Overdue, int EntriesInMonth);

public sealed record BulletinUnit(string Name, int Problems, int Closed, int Overdue, int? OnTimePercent, bool IsStale, int Rank, ScoreboardStanding Standing);

public sealed record BulletinOverdue(string Label, string IndicatorName, string Text, string? Unit, DateOnly DueDate, int OverdueDays, UrgeLevel Level);

/// <summary>
/// What a 月度通报 (or a leader's brief) says of a list as of the last day of a month (today, for this month), with the
/// figures at the end of the month before for the change. Past states come from dated facts: closed by then
/// (<c>ClosedAtUtc</c>), overdue then (open then, deadline before it; a deadline moved since counts as it is now),
/// entries by their work date, silence by the last entry written by then.
/// </summary>
public sealed record BulletinFacts(
    int ListId, string ListTitle, DateOnly Month, DateOnly AsOf, BulletinFigures Now, BulletinFigures Before, int EntriesInMonth, int ClosedInMonth,
    IReadOnlyList<BulletinIndicator> Indicators, IReadOnlyList<BulletinUnit> Units, IReadOnlyList<BulletinOverdue> Overdue,
    IReadOnlyList<BulletinMetric> Behind, int Metrics, int MetricsReached, int MetricsReported = 0);

/// <summary>A 对标 metric behind the province's best, as a bulletin lists it (furthest behind first).</summary>
public sealed record BulletinMetric(string IndicatorName, string Name, string BestText, string? CurrentText, string? GapText);
