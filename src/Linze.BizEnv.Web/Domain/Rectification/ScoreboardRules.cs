namespace Linze.BizEnv.Web.Domain.Rectification;

/// <summary>What the 红黑榜 needs to know about one problem.</summary>
public readonly record struct ClosureOutcome(ProblemStatus Status, DateOnly? DueDate, DateTime? ClosedAtUtc);

/// <summary>A unit's 红黑榜 figures, as <see cref="ScoreboardRules"/> ranks them.</summary>
public readonly record struct ScoreboardFigures(int Overdue, int Closed, int? OnTimePercent, bool IsStale, int ClosedPercent);

/// <summary>Where a unit stands on the 红黑榜.</summary>
public enum ScoreboardStanding
{
    /// <summary>红榜: problems closed, every one by its deadline, nothing overdue, reporting on time.</summary>
    Red,

    /// <summary>Neither list: nothing known yet, or a closure was late.</summary>
    Middle,

    /// <summary>黑榜: a problem open past its deadline, or no progress reported for longer than the stale period.</summary>
    Black,
}

/// <summary>
/// The one definition of 按期销号率 and of the 红黑榜, shared by the dashboard, the unit and leader pages and the
/// 台账's 单位汇总 (ADR-0016).
/// </summary>
public static class ScoreboardRules
{
    /// <summary>销号 by its 整改时限 (the Beijing day it was approved); a problem without a deadline closes on time.</summary>
    public static bool IsClosedOnTime(ClosureOutcome p) =>
        p.Status == ProblemStatus.Closed
        && (p.DueDate is not { } due || p.ClosedAtUtc is not { } closed || DateOnly.FromDateTime(ChinaTime.From(closed)) <= due);

    /// <summary>逾期: open (any status but 已销号) after its 整改时限 has passed.</summary>
    public static bool IsOverdue(ClosureOutcome p, DateOnly today) =>
        p.Status != ProblemStatus.Closed && p.DueDate is { } due && today > due;

    /// <summary>
    /// 按期销号率 = 按期销号数 ÷（已销号数 + 逾期未销号数）, 0–100 rounded down (99.6 % never shows as 100 %); null while
    /// neither exists, shown as —. A unit with an overdue problem and no closure is at 0 %.
    /// </summary>
    public static int? OnTimePercent(IEnumerable<ClosureOutcome> problems, DateOnly today)
    {
        int onTime = 0, known = 0;
        foreach (var p in problems)
        {
            if (p.Status == ProblemStatus.Closed || IsOverdue(p, today))
            {
                known++;
                onTime += IsClosedOnTime(p) ? 1 : 0;
            }
        }

        return known == 0 ? null : onTime * 100 / known;
    }

    /// <summary>How <see cref="OnTimePercent"/> is written: 50% or —.</summary>
    public static string Describe(int? onTimePercent) => onTimePercent is { } p ? $"{p}%" : "—";

    /// <summary>
    /// 超期未报送: the last entry is more than <paramref name="staleDays"/> days old; a unit that never reported counts
    /// from the day its list was loaded into the portal (or issued, if later), so a fresh list blames nobody.
    /// </summary>
    public static bool IsSilent(int? daysSinceLastEntry, DateTime listLoadedAtUtc, DateOnly? issueDate, DateOnly today, int staleDays)
    {
        if (daysSinceLastEntry is { } days)
        {
            return days > staleDays;
        }

        return today.DayNumber - TrafficLightRules.SilentSince(issueDate, listLoadedAtUtc)!.Value.DayNumber > staleDays;
    }

    /// <summary>Whole Beijing days from a unit's last entry to <paramref name="day"/>; null when it never reported.</summary>
    public static int? DaysSince(DateTime? lastEntryAtUtc, DateOnly day) =>
        lastEntryAtUtc is { } at ? day.DayNumber - DateOnly.FromDateTime(ChinaTime.From(at)).DayNumber : null;

    /// <summary>
    /// A unit's figures on <paramref name="day"/> from its problems as they stood that day: the dashboard's for today,
    /// the 月度通报's as of a month's last day. A unit answering for nothing is never silent.
    /// </summary>
    public static ScoreboardFigures Figures(
        IReadOnlyCollection<ClosureOutcome> problems, int? daysSinceLastEntry, DateTime listLoadedAtUtc, DateOnly? issueDate, DateOnly day, int staleDays)
    {
        var closed = problems.Count(p => p.Status == ProblemStatus.Closed);
        return new ScoreboardFigures(
            problems.Count(p => IsOverdue(p, day)),
            closed,
            OnTimePercent(problems, day),
            problems.Count > 0 && IsSilent(daysSinceLastEntry, listLoadedAtUtc, issueDate, day, staleDays),
            problems.Count == 0 ? 0 : closed * 100 / problems.Count);
    }

    public static ScoreboardStanding Standing(int overdue, int closed, int? onTimePercent, bool isStale) =>
        overdue > 0 || isStale ? ScoreboardStanding.Black
        : closed > 0 && onTimePercent == 100 ? ScoreboardStanding.Red
        : ScoreboardStanding.Middle;

    public static ScoreboardStanding Standing(ScoreboardFigures f) => Standing(f.Overdue, f.Closed, f.OnTimePercent, f.IsStale);

    /// <summary>
    /// 名次, 1 = best: 红榜 first and 黑榜 last; within each, fewer overdue, then a higher 按期销号率 (none counts below
    /// 0 %), then a larger share closed. Equal figures share a rank (1, 2, 2, 4).
    /// </summary>
    public static IReadOnlyList<int> Ranks(IReadOnlyList<ScoreboardFigures> figures)
    {
        var ranks = new int[figures.Count];
        var ordered = figures.Select((f, i) => (Key: Key(f), Index: i)).OrderBy(x => x.Key).ToList();
        for (var position = 0; position < ordered.Count; position++)
        {
            ranks[ordered[position].Index] = position > 0 && ordered[position].Key == ordered[position - 1].Key
                ? ranks[ordered[position - 1].Index]
                : position + 1;
        }

        return ranks;

        static (int, int, int, int) Key(ScoreboardFigures f) =>
            ((int)Standing(f), f.Overdue, -(f.OnTimePercent ?? -1), -f.ClosedPercent);
    }

    /// <summary>红榜, 黑榜, or empty for a unit on neither list.</summary>
    public static string ToChinese(this ScoreboardStanding standing) => standing switch
    {
        ScoreboardStanding.Red => "红榜",
        ScoreboardStanding.Black => "黑榜",
        _ => "",
    };
}
