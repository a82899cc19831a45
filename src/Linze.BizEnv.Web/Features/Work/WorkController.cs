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
public sealed class WorkController(BizEnvDbContext db, TimeProvider time, IOptions<TrafficLightOptions> lights, IOptions<UrgeOptions> urgeLevels) : Controller
{
    /// <summary>我的工作: the unit's open problems, urged ones first, then returned and instructed ones, then overdue, then at risk.</summary>
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
                p.Id, p.Ordinal, p.Text, p.Status, p.DueDate, p.IsLongTerm, p.StartDate, p.PercentComplete, p.LastProgressAtUtc, p.ReturnReason, Loaded = p.Indicator.List.CreatedAtUtc,
                IndicatorNumber = p.Indicator.Number, IndicatorName = p.Indicator.Name,
                OpenInstructions = db.Instructions.Count(i => i.ProblemId == p.Id && i.AnsweredByEntryId == null),
                OpenUrges = db.Urges.Count(u => u.ProblemId == p.Id && u.AnsweredByEntryId == null),
                PendingExtension = p.ExtensionRequests.Any(r => r.Status == ExtensionStatus.Pending),
            })
            .ToListAsync(ct);
        var items = problems.Select(p =>
        {
            var input = new LightInput(p.Status, p.DueDate, p.StartDate, p.PercentComplete, p.LastProgressAtUtc, p.Loaded);
            var light = TrafficLightRules.Compute(input, now, lights.Value);
            var returned = p.Status == ProblemStatus.InProgress && p.ReturnReason is not null;
            var facts = TrafficLightRules.Facts(input, now, lights.Value);
            var reasons = WhyListed(p.OpenUrges, returned ? p.ReturnReason : null, p.OpenInstructions, p.Status, p.PendingExtension, facts);
            var rank = p.OpenUrges > 0 ? 0 : returned ? 1 : p.OpenInstructions > 0 ? 2 : light == TrafficLight.Red ? 3 : light == TrafficLight.Yellow ? 4 : 5;
            return new WorkItem(p.Id, $"{p.IndicatorNumber}. {p.IndicatorName} · 问题 {p.Ordinal}", p.Text, p.Status, light, p.DueDate, p.PercentComplete, reasons, rank, p.PendingExtension, p.IsLongTerm,
                UrgeLevels.For(facts.OverdueDays, urgeLevels.Value));
        })
        .OrderBy(i => i.Rank).ThenBy(i => i.DueDate ?? DateOnly.MaxValue).ToList();

        // Instructions on indicators without problems go to the indicator's lead unit.
        var indicatorInstructions = await db.Instructions.AsNoTracking()
            .Where(i => i.ProblemId == null && i.AnsweredByEntryId == null
                && db.IndicatorUnits.Any(iu => iu.IndicatorId == i.IndicatorId && iu.UnitId == unitId && iu.Role == UnitRole.Lead))
            .OrderBy(i => i.CreatedAtUtc)
            .Select(i => new IndicatorInstruction(i.IndicatorId, i.Indicator.Name, i.Text, i.AuthorName, i.CreatedAtUtc))
            .ToListAsync(ct);
        // 催办 not yet answered, at the top of the page.
        var urges = await db.Urges.AsNoTracking()
            .Where(u => u.AnsweredByEntryId == null && u.Problem.ResponsibleUnitId == unitId && u.Problem.Status != ProblemStatus.Closed)
            .OrderBy(u => u.AtUtc)
            .Select(u => new UrgeItem(u.ProblemId, $"{u.Problem.Indicator.Number}. {u.Problem.Indicator.Name} · 问题 {u.Problem.Ordinal}", u.Text, u.ByName, u.AtUtc))
            .ToListAsync(ct);
        return View(new MyWorkModel(User.UnitName() ?? "", items, indicatorInstructions, today, urges));
    }

    /// <summary>Why a problem is on 我的工作, most pressing first: each reason as the unit would say it.</summary>
    private static IReadOnlyList<WorkReason> WhyListed(int openUrges, string? returnReason, int openInstructions, ProblemStatus status, bool pendingExtension, LightFacts facts)
    {
        var reasons = new List<WorkReason>();
        if (openUrges > 0)
        {
            reasons.Add(new($"被催办 {openUrges} 次，待回复", true));
        }

        if (returnReason is not null)
        {
            reasons.Add(new("被退回：" + returnReason, true));
        }

        if (openInstructions > 0)
        {
            reasons.Add(new($"待回复批示 {openInstructions} 条", true));
        }

        if (status == ProblemStatus.SubmittedForClosure)
        {
            reasons.Add(new("已申请销号，等待审核", false));
        }
        else
        {
            if (facts.OverdueDays is { } overdue)
            {
                reasons.Add(new($"逾期 {overdue} 天", true));
            }

            if (facts.DueInDays is { } dueIn)
            {
                reasons.Add(new(dueIn == 0 ? "今天到期" : $"{dueIn} 天后到期", true));
            }

            if (facts.StaleDays is { } idle)
            {
                reasons.Add(new($"{idle} 天未报送", false));
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

    /// <summary>审核: submissions for 销号 and extension requests, oldest first.</summary>
    [Authorize(Roles = Roles.Admin)]
    [HttpGet("/review")]
    public async Task<IActionResult> Review(CancellationToken ct)
    {
        var submitted = await db.Problems.AsNoTracking()
            .Where(p => p.Status == ProblemStatus.SubmittedForClosure)
            .Select(p => new ReviewItem(p.Id, $"{p.Indicator.Number}. {p.Indicator.Name} · 问题 {p.Ordinal}", p.Text,
                p.ResponsibleUnit == null ? null : p.ResponsibleUnit.Name,
                p.StatusChanges.Where(c => c.To == ProblemStatus.SubmittedForClosure).Max(c => (DateTime?)c.AtUtc), null,
                p.StatusChanges.Where(c => c.To == ProblemStatus.SubmittedForClosure).OrderByDescending(c => c.AtUtc).Select(c => c.Reason).FirstOrDefault(),
                p.StatusChanges.Count(c => c.To == ProblemStatus.SubmittedForClosure)))
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

/// <summary>One reason a problem is on 我的工作; <paramref name="Urgent"/> when the unit must act (it counts in the menu's badge).</summary>
public sealed record WorkReason(string Text, bool Urgent);

public sealed record WorkItem(
    int ProblemId, string Where, string Text, ProblemStatus Status, TrafficLight Light, DateOnly? DueDate, int PercentComplete, IReadOnlyList<WorkReason> Reasons, int Rank,
    bool PendingExtension, bool IsLongTerm = false, UrgeLevel? UrgeLevel = null);

/// <summary>A 催办 the unit has not answered yet.</summary>
public sealed record UrgeItem(int ProblemId, string Where, string Text, string ByName, DateTime AtUtc);

public sealed record IndicatorInstruction(int IndicatorId, string IndicatorName, string Text, string AuthorName, DateTime CreatedAtUtc);

public sealed record MyWorkModel(string UnitName, IReadOnlyList<WorkItem> Items, IReadOnlyList<IndicatorInstruction> IndicatorInstructions, DateOnly Today, IReadOnlyList<UrgeItem>? Urges = null);

/// <summary>An item of the review queue; <paramref name="Submissions"/> above 1 marks a resubmission after a 退回.</summary>
public sealed record ReviewItem(int ProblemId, string Where, string Text, string? UnitName, DateTime? AtUtc, string? Dates, string? Reason, int Submissions = 1);

public sealed record ReviewQueueModel(IReadOnlyList<ReviewItem> Submitted, IReadOnlyList<ReviewItem> Extensions);
