using Linze.BizEnv.Web.Authorization;
using Linze.BizEnv.Web.Data;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Domain.Rectification;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Linze.BizEnv.Web.Features.Work;

/// <summary>What needs action first: a unit's own work list, and the county office's review queue.</summary>
public sealed class WorkController(BizEnvDbContext db, TimeProvider time, IOptions<TrafficLightOptions> lights) : Controller
{
    /// <summary>我的工作: the unit's open problems, returned and instructed ones first, then overdue, then at risk.</summary>
    [Authorize(Roles = Roles.Unit)]
    [HttpGet("/my-work")]
    public async Task<IActionResult> Mine(CancellationToken ct)
    {
        if (User.UnitId() is not { } unitId)
        {
            return Forbid();
        }

        var now = time.GetUtcNow().UtcDateTime;
        var today = ChinaTime.Today(time);
        var problems = await db.Problems.AsNoTracking()
            .Where(p => p.ResponsibleUnitId == unitId && p.Status != ProblemStatus.Closed)
            .Select(p => new
            {
                p.Id, p.Ordinal, p.Text, p.Status, p.DueDate, p.IsLongTerm, p.StartDate, p.PercentComplete, p.LastProgressAtUtc, p.ReturnReason,
                IndicatorNumber = p.Indicator.Number, IndicatorName = p.Indicator.Name,
                OpenInstructions = db.Instructions.Count(i => i.ProblemId == p.Id && i.AnsweredByEntryId == null),
                PendingExtension = p.ExtensionRequests.Any(r => r.Status == ExtensionStatus.Pending),
            })
            .ToListAsync(ct);
        var items = problems.Select(p =>
        {
            var light = TrafficLightRules.Compute(new LightInput(p.Status, p.DueDate, p.StartDate, p.PercentComplete, p.LastProgressAtUtc), now, lights.Value);
            var returned = p.Status == ProblemStatus.InProgress && p.ReturnReason is not null;
            var reason = returned ? "被退回：" + p.ReturnReason
                : p.OpenInstructions > 0 ? $"有 {p.OpenInstructions} 条领导批示待回复"
                : light == TrafficLight.Red ? "已逾期"
                : light == TrafficLight.Yellow ? "即将到期、进展滞后或长期未报送"
                : p.Status == ProblemStatus.SubmittedForClosure ? "已申请销号，等待审核"
                : null;
            var rank = returned ? 0 : p.OpenInstructions > 0 ? 1 : light == TrafficLight.Red ? 2 : light == TrafficLight.Yellow ? 3 : 4;
            return new WorkItem(p.Id, $"{p.IndicatorNumber}. {p.IndicatorName} · 问题 {p.Ordinal}", p.Text, p.Status, light, p.DueDate, p.PercentComplete, reason, rank, p.PendingExtension, p.IsLongTerm);
        })
        .OrderBy(i => i.Rank).ThenBy(i => i.DueDate ?? DateOnly.MaxValue).ToList();

        // Instructions on indicators without problems go to the indicator's lead unit.
        var indicatorInstructions = await db.Instructions.AsNoTracking()
            .Where(i => i.ProblemId == null && i.AnsweredByEntryId == null
                && db.IndicatorUnits.Any(iu => iu.IndicatorId == i.IndicatorId && iu.UnitId == unitId && iu.Role == UnitRole.Lead))
            .OrderBy(i => i.CreatedAtUtc)
            .Select(i => new IndicatorInstruction(i.IndicatorId, i.Indicator.Name, i.Text, i.AuthorName, i.CreatedAtUtc))
            .ToListAsync(ct);
        return View(new MyWorkModel(User.UnitName() ?? "", items, indicatorInstructions, today));
    }

    /// <summary>审核: submissions for 销号 and extension requests, oldest first.</summary>
    [Authorize(Roles = Roles.Admin)]
    [HttpGet("/review")]
    public async Task<IActionResult> Review(CancellationToken ct)
    {
        var submitted = await db.Problems.AsNoTracking()
            .Where(p => p.Status == ProblemStatus.SubmittedForClosure)
            .Select(p => new ReviewItem(p.Id, $"{p.Indicator.Number}. {p.Indicator.Name} · 问题 {p.Ordinal}", p.Text,
                p.ResponsibleUnit == null ? null : p.ResponsibleUnit.Name,
                p.StatusChanges.Where(c => c.To == ProblemStatus.SubmittedForClosure).Max(c => (DateTime?)c.AtUtc), null, null))
            .ToListAsync(ct);
        var extensions = await db.ExtensionRequests.AsNoTracking()
            .Where(r => r.Status == ExtensionStatus.Pending)
            .Select(r => new ReviewItem(r.ProblemId, $"{r.Problem.Indicator.Number}. {r.Problem.Indicator.Name} · 问题 {r.Problem.Ordinal}", r.Problem.Text,
                r.Problem.ResponsibleUnit == null ? null : r.Problem.ResponsibleUnit.Name, r.RequestedAtUtc,
                ChinaTime.FormatDate(r.OldDueDate, "未定") + " → " + ChinaTime.FormatDate(r.NewDueDate), r.Reason))
            .ToListAsync(ct);
        return View(new ReviewQueueModel([.. submitted.OrderBy(s => s.AtUtc)], [.. extensions.OrderBy(e => e.AtUtc)]));
    }
}

public sealed record WorkItem(int ProblemId, string Where, string Text, ProblemStatus Status, TrafficLight Light, DateOnly? DueDate, int PercentComplete, string? Reason, int Rank, bool PendingExtension, bool IsLongTerm = false);

public sealed record IndicatorInstruction(int IndicatorId, string IndicatorName, string Text, string AuthorName, DateTime CreatedAtUtc);

public sealed record MyWorkModel(string UnitName, IReadOnlyList<WorkItem> Items, IReadOnlyList<IndicatorInstruction> IndicatorInstructions, DateOnly Today);

public sealed record ReviewItem(int ProblemId, string Where, string Text, string? UnitName, DateTime? AtUtc, string? Dates, string? Reason);

public sealed record ReviewQueueModel(IReadOnlyList<ReviewItem> Submitted, IReadOnlyList<ReviewItem> Extensions);
