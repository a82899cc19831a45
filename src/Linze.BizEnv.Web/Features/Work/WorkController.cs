using Linze.BizEnv.Web.Authorization;
using Linze.BizEnv.Web.Data;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Domain.Rectification;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.Web.Features.Work;

/// <summary>What needs action first: a unit's own work list, and the county office's review queue.</summary>
public sealed class WorkController(BizEnvDbContext db, TimeProvider time, UnitWork work, Benchmarks.BenchmarkQuery benchmarks) : Controller
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

        var today = ChinaTime.Today(time);
        var items = (await work.OpenProblemsAsync(unitId, time.GetUtcNow().UtcDateTime, ct))
            .Select(p => new WorkItem(p.Id, $"{p.IndicatorNumber}. {p.IndicatorName} · 问题 {p.Ordinal}", p.Text, p.Status, p.Light, p.DueDate, p.PercentComplete, p.Reasons, p.Rank, p.PendingExtension, p.IsLongTerm, p.UrgeLevel))
            .ToList();

        // Instructions on indicators without problems go to the indicator's lead unit.
        var indicatorInstructions = await work.IndicatorInstructionsAsync(unitId, ct);
        // 催办 not yet answered, at the top of the page.
        var urges = await work.OpenUrgesAsync(unitId, ct);
        var readings = await benchmarks.DueReadingsAsync(unitId, new DateOnly(today.Year, today.Month, 1), ct);
        return View(new MyWorkModel(User.UnitName() ?? "", items, indicatorInstructions, today, urges, readings));
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
public sealed record WorkReason(string Text, bool Urgent, WorkReasonKind Kind = WorkReasonKind.Other);

public sealed record WorkItem(
    int ProblemId, string Where, string Text, ProblemStatus Status, TrafficLight Light, DateOnly? DueDate, int PercentComplete, IReadOnlyList<WorkReason> Reasons, int Rank,
    bool PendingExtension, bool IsLongTerm = false, UrgeLevel? UrgeLevel = null);

/// <summary>A 催办 the unit has not answered yet.</summary>
public sealed record UrgeItem(int ProblemId, string Where, string Text, string ByName, DateTime AtUtc);

public sealed record IndicatorInstruction(int IndicatorId, string IndicatorName, string Text, string AuthorName, DateTime CreatedAtUtc, int? UnitId = null, int IndicatorNumber = 0);

public sealed record MyWorkModel(
    string UnitName, IReadOnlyList<WorkItem> Items, IReadOnlyList<IndicatorInstruction> IndicatorInstructions, DateOnly Today, IReadOnlyList<UrgeItem>? Urges = null,
    IReadOnlyList<Benchmarks.DueReading>? DueReadings = null);

/// <summary>An item of the review queue; <paramref name="Submissions"/> above 1 marks a resubmission after a 退回.</summary>
public sealed record ReviewItem(int ProblemId, string Where, string Text, string? UnitName, DateTime? AtUtc, string? Dates, string? Reason, int Submissions = 1);

public sealed record ReviewQueueModel(IReadOnlyList<ReviewItem> Submitted, IReadOnlyList<ReviewItem> Extensions);
