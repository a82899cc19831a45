namespace Linze.BizEnv.Web.Domain.Rectification;

/// <summary>催办: the county office or the indicator's leader presses the responsible unit on a problem; open until the unit answers with a progress entry.</summary>
public class Urge
{
    /// <summary>How long a 催办's text may be.</summary>
    public const int TextLength = 200;

    public long Id { get; set; }

    public int ProblemId { get; set; }

    public Problem Problem { get; set; } = null!;

    /// <summary>The unit urged: the problem's responsible unit at the time.</summary>
    public int? UnitId { get; set; }

    public required string Text { get; set; }

    public required string ByName { get; set; }

    public DateTime AtUtc { get; set; }

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
        if (string.IsNullOrWhiteSpace(text) || text.Trim().Length > TextLength)
        {
            throw new RefusedException($"催办内容不能为空，也不能超过 {TextLength} 个字。");
        }

        if (problem.Status == ProblemStatus.Closed || problem.IsArchived)
        {
            throw new RefusedException("该问题已销号或已归档，无需催办。");
        }

        if (problem.ResponsibleUnitId is not { } unitId)
        {
            throw new RefusedException("该问题尚无责任单位，无法催办。请先设置责任单位。");
        }

        if (lastUrgedAtUtc is { } last && DateOnly.FromDateTime(ChinaTime.From(last)) == DateOnly.FromDateTime(ChinaTime.From(nowUtc)))
        {
            throw new RefusedException("该问题今天已经催办过，每个问题每天最多催办一次。请明天再催办。");
        }

        return new Urge { ProblemId = problem.Id, UnitId = unitId, Text = text.Trim(), ByName = byName, AtUtc = nowUtc };
    }
}
