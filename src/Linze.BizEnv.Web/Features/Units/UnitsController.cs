using System.ComponentModel.DataAnnotations;
using Linze.BizEnv.Web.Data;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Features.Dashboard;
using Linze.BizEnv.Web.Features.Errors;
using Linze.BizEnv.Web.Features.Shared;
using Linze.BizEnv.Web.Authorization;
using Linze.BizEnv.Web.Domain.Rectification;
using Linze.BizEnv.Web.Workflow;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.Web.Features.Units;

public sealed class UnitsController(
    BizEnvDbContext db, UnitMerger merger, ProgressPanelQuery progress, RectificationService workflow, TimeProvider time, Documents.NoticeIssuer notices,
    Documents.PdfConverter pdf) : Controller
{
    /// <summary>Merges one unit into another (Admin): see <see cref="UnitMerger"/>.</summary>
    [Authorize(Roles = Roles.Admin)]
    [HttpPost("/units/merge")]
    public async Task<IActionResult> Merge([Display(Name = "保留的单位")] int keepId, [Display(Name = "并入的单位")] int mergeId, CancellationToken ct)
    {
        try
        {
            TempData["Notice"] = await merger.MergeAsync(keepId, mergeId, ct);
        }
        catch (RefusedException ex)
        {
            TempData["Error"] = ex.Message;
        }

        return RedirectToAction(nameof(Index));
    }

    /// <summary>All units with how many indicators they hold in each role; <paramref name="q"/> filters by name.</summary>
    [HttpGet("/units")]
    public async Task<IActionResult> Index(string? q, CancellationToken ct)
    {
        var query = db.Units.AsNoTracking();
        var search = q?.Trim();
        if (!string.IsNullOrEmpty(search))
        {
            query = query.Where(u => u.Name.Contains(search));
        }

        var units = await query
            .OrderBy(u => u.Name)
            .Select(u => new UnitSummary(
                u.Id,
                u.Name,
                u.Roles.Count(r => r.Role == UnitRole.Lead),
                u.Roles.Count(r => r.Role == UnitRole.Deputy),
                u.Roles.Count(r => r.Role == UnitRole.Member)))
            .ToListAsync(ct);
        return View(new UnitIndexModel(search, units));
    }

    /// <summary>One unit: how it stands in the working list (its 红黑榜 figures and problems), then every indicator where it is lead, deputy or member.</summary>
    [HttpGet("/units/{id:int}")]
    public async Task<IActionResult> Details(int id, CancellationToken ct) =>
        await PageAsync(id, ct) is { } page ? View(page) : NotFound();

    /// <summary>催办 on the unit (Admin; a leader on the indicators they lead): see <see cref="RectificationService.UrgeUnitAsync"/>.</summary>
    [HttpPost("/units/{id:int}/urge")]
    [ShowsFormErrors]
    public async Task<IActionResult> Urge(int id, [Display(Name = "催办内容"), Bounded(Domain.Rectification.Urge.TextLength)] string? text, CancellationToken ct)
    {
        string? done = null;
        return await this.RunAsync(await db.Units.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, ct), new WorkflowStep<Unit, UnitPageModel>(
            Operations.Urge,
            async unit => done = await workflow.UrgeUnitAsync(unit.Id, text, User.ToWriter(), UrgeScopeLeader(), ct),
            "已催办。",
            _ => RedirectToAction(nameof(Details), new { id }),
            _ => nameof(Details),
            _ => PageAsync(id, ct),
            page => page.UrgeInput = text,
            () => done));
    }

    /// <summary>督办通知单 on every overdue problem the unit answers for in the working list (Admin): see <see cref="Documents.NoticeIssuer"/>.</summary>
    [HttpPost("/units/{id:int}/notice")]
    [ShowsFormErrors]
    public async Task<IActionResult> IssueNotice(
        int id, [Display(Name = "回复期限"), FormDate] DateOnly? replyBy, [Display(Name = "表单标识")] Guid? submissionKey, CancellationToken ct)
    {
        string? done = null;
        return await this.RunAsync(await db.Units.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, ct), new WorkflowStep<Unit, UnitPageModel>(
            Operations.IssueNotice,
            async unit => done = Problems.ProblemsController.Issued(
                await notices.IssueForUnitAsync(unit.Id, replyBy, User.ToWriter(), submissionKey, ct), "可在各问题的记录或“督办通知单”台账中下载"),
            "已印发督办通知单。",
            _ => RedirectToAction(nameof(Details), new { id }),
            _ => nameof(Details),
            _ => PageAsync(id, ct),
            page => page.Notice = page.Notice is { } scope && replyBy is { } typed ? scope with { Form = scope.Form with { ReplyBy = typed } } : page.Notice,
            () => done));
    }

    /// <summary>Whose indicators a 催办 on a unit covers: null for an Admin (all), else the leader's own.</summary>
    private int? UrgeScopeLeader() => User.IsInRole(Roles.Admin) ? null : User.LeaderId();

    private async Task<UnitPageModel?> PageAsync(int id, CancellationToken ct)
    {
        var unit = await db.Units.AsNoTracking().Where(u => u.Id == id)
            .Select(u => new NamedLink(u.Id, u.Name)).SingleOrDefaultAsync(ct);
        if (unit is null)
        {
            return null;
        }

        var roles = await db.IndicatorUnits.AsNoTracking()
            .Where(iu => iu.UnitId == id)
            .OrderBy(iu => iu.Indicator.List.IsArchived)
            .ThenByDescending(iu => iu.Indicator.List.Year)
            .ThenBy(iu => iu.Indicator.ListId)
            .ThenBy(iu => iu.Indicator.Number)
            .Select(iu => new UnitRoleRow(
                new NamedLink(iu.Indicator.List.Id, iu.Indicator.List.Title),
                new NamedLink(iu.Indicator.Id, iu.Indicator.Name),
                iu.Indicator.Number,
                iu.Role,
                iu.Indicator.Leader == null ? null : new NamedLink(iu.Indicator.Leader.Id, iu.Indicator.Leader.Name),
                iu.Indicator.Problems.Count))
            .ToListAsync(ct);
        return new UnitPageModel(unit, roles, await progress.ForUnitAsync(id, ct), await UrgeScopeAsync(id, ct)) { Notice = await NoticeScopeAsync(id, ct) };
    }

    /// <summary>What a 督办通知单 on the unit would cover (Admin only): its overdue problems in the working list.</summary>
    private async Task<UnitNoticeScope?> NoticeScopeAsync(int unitId, CancellationToken ct)
    {
        if (!User.IsInRole(Roles.Admin))
        {
            return null;
        }

        return new UnitNoticeScope(await notices.CountOverdueAsync(unitId, ct), Problems.NoticeForm.New(notices.ReplyWindow(), pdf.IsAvailable));
    }

    /// <summary>How many open problems a 催办 on the unit by this user would cover, and how many were urged today; null when the user may not urge it.</summary>
    private async Task<UnitUrgeScope?> UrgeScopeAsync(int unitId, CancellationToken ct)
    {
        if (!User.IsInRole(Roles.Admin) && !(User.IsInRole(Roles.Leader) && User.LeaderId() is not null))
        {
            return null;
        }

        var leaderId = UrgeScopeLeader();
        var today = ChinaTime.Today(time);
        var counts = await Domain.Rectification.Urge.OfUnit(db.Problems.AsNoTracking(), unitId, leaderId)
            .GroupBy(_ => 1)
            .Select(g => new UnitUrgeScope(g.Count(), g.Count(p => db.Urges.Any(u => u.ProblemId == p.Id && u.Day == today)), leaderId != null))
            .SingleOrDefaultAsync(ct);
        return counts is { Open: > 0 } ? counts : null;
    }
}

public sealed record UnitIndexModel(string? Search, IReadOnlyList<UnitSummary> Units);

public sealed record UnitSummary(int Id, string Name, int LeadCount, int DeputyCount, int MemberCount);

public sealed record UnitPageModel(NamedLink Unit, IReadOnlyList<UnitRoleRow> Roles, ProgressPanel? Progress, UnitUrgeScope? Urge) : IRefusablePage
{
    public string? Error { get; set; }

    /// <summary>What the user typed as a 催办, shown again when it is refused.</summary>
    public string? UrgeInput { get; set; }

    /// <summary>The 督办通知单 the unit's overdue problems would get (Admin only).</summary>
    public UnitNoticeScope? Notice { get; set; }
}

/// <summary>What a 催办 on a unit would cover for this user: its open problems (of the leader's indicators) and how many of them were urged today.</summary>
public sealed record UnitUrgeScope(int Open, int UrgedToday, bool ForLeader);

public sealed record UnitRoleRow(NamedLink List, NamedLink Indicator, int Number, UnitRole Role, NamedLink? Leader, int ProblemCount);

/// <summary>A unit's overdue problems in the working list, which a 督办通知单 on the unit covers, and the form.</summary>
public sealed record UnitNoticeScope(int Overdue, Problems.NoticeForm Form);
