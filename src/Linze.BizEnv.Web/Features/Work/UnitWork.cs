using Linze.BizEnv.Web.Data;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Domain.Rectification;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Linze.BizEnv.Web.Features.Work;

/// <summary>An open problem as 我的工作 and the daily digest see it: where it is, its light and why it needs action.</summary>
public sealed record OpenProblem(
    int Id, int? UnitId, int IndicatorId, int IndicatorNumber, string IndicatorName, int Ordinal, string Text, ProblemStatus Status, DateOnly? DueDate,
    bool IsLongTerm, int PercentComplete, TrafficLight Light, bool PendingExtension, IReadOnlyList<WorkReason> Reasons, int Rank, UrgeLevel? UrgeLevel = null);

/// <summary>Which kind of reason a <see cref="WorkReason"/> is, so the digest can pick the ones it reports.</summary>
public enum WorkReasonKind
{
    Other = 0,
    Returned,
    Urged,
    Instruction,
    Overdue,
    DueSoon,
    Stale,
}

/// <summary>
/// What a unit must act on: its open problems with the reasons (returned, unanswered 批示, overdue, due soon, no progress,
/// behind pace) and the 批示 on indicators it leads that have no problems. One query for 我的工作 and the daily digest,
/// for one unit or all of them.
/// </summary>
public sealed class UnitWork(BizEnvDbContext db, IOptions<TrafficLightOptions> lights, IOptions<UrgeOptions> urgeLevels)
{
    /// <summary>The open problems of <paramref name="unitId"/> (every unit when null) as of <paramref name="nowUtc"/>, most pressing first.</summary>
    public async Task<List<OpenProblem>> OpenProblemsAsync(int? unitId, DateTime nowUtc, CancellationToken ct = default)
    {
        var problems = await db.Problems.AsNoTracking()
            .Where(p => p.Status != ProblemStatus.Closed && (unitId == null || p.ResponsibleUnitId == unitId))
            .Select(p => new
            {
                p.Id, p.ResponsibleUnitId, p.IndicatorId, p.Ordinal, p.Text, p.Status, p.DueDate, p.IsLongTerm, p.StartDate, p.PercentComplete, p.LastProgressAtUtc, p.ReturnReason, Loaded = p.Indicator.List.CreatedAtUtc,
                IndicatorNumber = p.Indicator.Number, IndicatorName = p.Indicator.Name,
                OpenInstructions = db.Instructions.Count(i => i.ProblemId == p.Id && i.AnsweredByEntryId == null),
                OpenUrges = db.Urges.Count(u => u.ProblemId == p.Id && u.AnsweredByEntryId == null),
                PendingExtension = p.ExtensionRequests.Any(r => r.Status == ExtensionStatus.Pending),
            })
            .ToListAsync(ct);
        return [.. problems.Select(p =>
        {
            var input = new LightInput(p.Status, p.DueDate, p.StartDate, p.PercentComplete, p.LastProgressAtUtc, p.Loaded);
            var light = TrafficLightRules.Compute(input, nowUtc, lights.Value);
            var returned = p.Status == ProblemStatus.InProgress && p.ReturnReason is not null;
            var facts = TrafficLightRules.Facts(input, nowUtc, lights.Value);
            var reasons = WhyListed(p.OpenUrges, returned ? p.ReturnReason : null, p.OpenInstructions, p.Status, p.PendingExtension, facts);
            var rank = p.OpenUrges > 0 ? 0 : returned ? 1 : p.OpenInstructions > 0 ? 2 : light == TrafficLight.Red ? 3 : light == TrafficLight.Yellow ? 4 : 5;
            return new OpenProblem(p.Id, p.ResponsibleUnitId, p.IndicatorId, p.IndicatorNumber, p.IndicatorName, p.Ordinal, p.Text, p.Status, p.DueDate,
                p.IsLongTerm, p.PercentComplete, light, p.PendingExtension, reasons, rank, UrgeLevels.For(facts.OverdueDays, urgeLevels.Value));
        })
        .OrderBy(i => i.Rank).ThenBy(i => i.DueDate ?? DateOnly.MaxValue).ThenBy(i => i.IndicatorNumber).ThenBy(i => i.Ordinal)];
    }

    /// <summary>催办 not yet answered by a progress entry, for the unit answering for the problem (oldest first).</summary>
    public Task<List<UrgeItem>> OpenUrgesAsync(int unitId, CancellationToken ct = default) =>
        db.Urges.AsNoTracking()
            .Where(u => u.AnsweredByEntryId == null && u.Problem.ResponsibleUnitId == unitId && u.Problem.Status != ProblemStatus.Closed)
            .OrderBy(u => u.AtUtc)
            .Select(u => new UrgeItem(u.ProblemId, $"{u.Problem.Indicator.Number}. {u.Problem.Indicator.Name} · 问题 {u.Problem.Ordinal}", u.Text, u.ByName, u.AtUtc))
            .ToListAsync(ct);

    /// <summary>Unanswered 批示 on indicators without problems, for the indicator's lead unit (every lead unit when null).</summary>
    public Task<List<IndicatorInstruction>> IndicatorInstructionsAsync(int? unitId, CancellationToken ct = default) =>
        db.Instructions.AsNoTracking()
            .Where(i => i.ProblemId == null && i.AnsweredByEntryId == null)
            .SelectMany(i => db.IndicatorUnits.Where(iu => iu.IndicatorId == i.IndicatorId && iu.Role == UnitRole.Lead && (unitId == null || iu.UnitId == unitId)),
                (i, iu) => new { i, iu.UnitId })
            .OrderBy(x => x.i.CreatedAtUtc)
            .Select(x => new IndicatorInstruction(x.i.IndicatorId, x.i.Indicator.Name, x.i.Text, x.i.AuthorName, x.i.CreatedAtUtc, x.UnitId, x.i.Indicator.Number))
            .ToListAsync(ct);

    /// <summary>Why a problem is on 我的工作, most pressing first: each reason as the unit would say it.</summary>
    private static IReadOnlyList<WorkReason> WhyListed(int openUrges, string? returnReason, int openInstructions, ProblemStatus status, bool pendingExtension, LightFacts facts)
    {
        var reasons = new List<WorkReason>();
        if (openUrges > 0)
        {
            reasons.Add(new($"被催办 {openUrges} 次，待回复", true, WorkReasonKind.Urged));
        }

        if (returnReason is not null)
        {
            reasons.Add(new("被退回：" + returnReason, true, WorkReasonKind.Returned));
        }

        if (openInstructions > 0)
        {
            reasons.Add(new($"待回复批示 {openInstructions} 条", true, WorkReasonKind.Instruction));
        }

        if (status == ProblemStatus.SubmittedForClosure)
        {
            reasons.Add(new("已申请销号，等待审核", false));
        }
        else
        {
            if (facts.OverdueDays is { } overdue)
            {
                reasons.Add(new($"逾期 {overdue} 天", true, WorkReasonKind.Overdue));
            }

            if (facts.DueInDays is { } dueIn)
            {
                reasons.Add(new(dueIn == 0 ? "今天到期" : $"{dueIn} 天后到期", true, WorkReasonKind.DueSoon));
            }

            if (facts.StaleDays is { } idle)
            {
                reasons.Add(new($"{idle} 天未报送", false, WorkReasonKind.Stale));
            }

            if (facts.BehindPoints is { } behind)
            {
                reasons.Add(new($"落后序时进度 {behind} 个百分点", false));
            }
        }

        if (pendingExtension)
        {
            reasons.Add(new("延期申请等待审核", false));
        }

        return reasons;
    }
}
