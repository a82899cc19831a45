namespace Linze.BizEnv.Web.Domain.Rectification;

/// <summary>催办: the county office or the indicator's leader presses the responsible unit on a problem; open until the unit answers with a progress entry.</summary>
public class Urge
{
    /// <summary>How long a 催办's text may be.</summary>
    public const int TextLength = 200;

    public const string UrgedToday = "该问题今天已经催办过，每个问题每天最多催办一次。请明天再催办。";

    public long Id { get; set; }

    public int ProblemId { get; set; }

    public Problem Problem { get; set; } = null!;

    /// <summary>The unit urged: the problem's responsible unit at the time.</summary>
    public int? UnitId { get; set; }

    public required string Text { get; set; }

    public required string ByName { get; set; }

    public DateTime AtUtc { get; set; }

    /// <summary>The Beijing day of <see cref="AtUtc"/>: unique per problem, so a problem is urged at most once a day even when two urges race.</summary>
    public DateOnly Day { get; set; }

    /// <summary>The progress entry that answered it; null while open.</summary>
    public long? AnsweredByEntryId { get; set; }

    public DateTime? AnsweredAtUtc { get; set; }

    /// <summary>
    /// A new 催办 on <paramref name="problem"/>: its text must be given and fit <see cref="TextLength"/>, the problem must be
    /// open and have a responsible unit, and it must not have been urged already on <paramref name="lastUrgedAtUtc"/>'s
    /// Beijing day.
    /// </summary>
    public static Urge Write(Problem problem, string? text, string byName, DateTime nowUtc, DateTime? lastUrgedAtUtc)
    {
        var checkedText = CheckText(text);
        if (problem.Status == ProblemStatus.Closed || problem.IsArchived)
        {
            throw new RefusedException("该问题已销号或已归档，无需催办。");
        }

        if (problem.ResponsibleUnitId is not { } unitId)
        {
            throw new RefusedException("该问题尚无责任单位，无法催办。请先设置责任单位。");
        }

        if (IsSameDay(lastUrgedAtUtc, nowUtc))
        {
            throw new RefusedException(UrgedToday);
        }

        return new Urge { ProblemId = problem.Id, UnitId = unitId, Text = checkedText, ByName = byName, AtUtc = nowUtc, Day = DayOf(nowUtc) };
    }

    /// <summary>The text of a 催办, trimmed; refused when empty or longer than <see cref="TextLength"/>.</summary>
    public static string CheckText(string? text) =>
        string.IsNullOrWhiteSpace(text) || text.Trim().Length > TextLength
            ? throw new RefusedException($"催办内容不能为空，也不能超过 {TextLength} 个字。")
            : text.Trim();

    /// <summary>Whether a problem last urged at <paramref name="lastUrgedAtUtc"/> was urged on <paramref name="nowUtc"/>'s Beijing day.</summary>
    public static bool IsSameDay(DateTime? lastUrgedAtUtc, DateTime nowUtc) => lastUrgedAtUtc is { } last && DayOf(last) == DayOf(nowUtc);

    private static DateOnly DayOf(DateTime utc) => DateOnly.FromDateTime(ChinaTime.From(utc));

    /// <summary>
    /// What a 催办 on a unit covers: the open problems it answers for, of the indicators <paramref name="leaderId"/> leads
    /// when a leader urges (every indicator when null). One rule for who may urge a unit, what the form counts and what is urged.
    /// </summary>
    public static IQueryable<Problem> OfUnit(IQueryable<Problem> problems, int unitId, int? leaderId) =>
        problems.Where(p => p.ResponsibleUnitId == unitId && p.Status != ProblemStatus.Closed && (leaderId == null || p.Indicator.LeaderId == leaderId));
}
