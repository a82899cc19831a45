using System.ComponentModel.DataAnnotations;
using Linze.BizEnv.Web.Authorization;
using Linze.BizEnv.Web.Data;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Domain.Rectification;
using Linze.BizEnv.Web.Features.Errors;
using Linze.BizEnv.Web.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.Web.Features.Deadlines;

/// <summary>
/// 批量设定整改时限: the county office sets the deadline (or 长期坚持) and, if it wishes, the responsible unit of many
/// problems at once — by indicator, by unit, or a whole list — instead of one problem page at a time. All or nothing:
/// one refused problem (a unit without a role on its indicator, a deadline before its start) or one changed by someone
/// else since the page was opened, and nothing is written.
/// </summary>
[Authorize(Roles = Roles.Admin)]
[Route("admin/deadlines")]
public sealed class DeadlinesController(BizEnvDbContext db, ListStore lists, IAuthorizationService authorization) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery] DeadlineFilter filter, CancellationToken ct) =>
        ModelState.IsValid
            ? View(await BuildAsync(filter, new BulkScheduleForm(), ct))
            : ErrorPages.View(HttpContext, StatusCodes.Status400BadRequest, "筛选条件无效", "清单、指标或责任单位的编号无效，请从页面上的选项中选择。", "/admin/deadlines");

    [HttpPost("")]
    [ShowsFormErrors]
    // Each listed row posts three values, beyond the default 1,024; the other limits restated, as the attribute
    // would otherwise put back the framework's larger defaults for this action.
    [RequestFormLimits(
        ValueCountLimit = BulkScheduleForm.FormValueCount,
        ValueLengthLimit = RequestLimits.FormValueBytes,
        MultipartBodyLengthLimit = RequestLimits.OrdinaryBodyBytes)]
    public async Task<IActionResult> Apply(DeadlineFilter filter, BulkScheduleForm form, CancellationToken ct)
    {
        var chosen = form.Problems.Where(p => p.Selected).ToList();
        var refusal = !ModelState.IsValid
                ? $"表单内容无效：{string.Join("；", ModelState.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage.TrimEnd('。')).Distinct().Take(5))}。请修改后重新提交。"
            : chosen.Count == 0 ? "请至少勾选一个问题。"
            : chosen.DistinctBy(p => p.Id).Count() != chosen.Count ? "同一问题在表单中出现了多次，未做任何更改：请刷新页面后重新勾选。"
            : form.DueDate is null && !form.LongTerm && form.UnitId is null ? "请填写新的整改时限、勾选“长期坚持”或选择新的责任单位。"
            : form.DueDate is not null && form.LongTerm ? "整改时限为“长期坚持”时不能同时填写日期。"
            : null;
        if (refusal is null)
        {
            var ids = chosen.Select(p => p.Id).ToList();
            var problems = await db.Problems.Include(p => p.Indicator).ThenInclude(i => i.Units)
                .Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
            var reasons = new List<string>();
            foreach (var pick in chosen)
            {
                if (!problems.TryGetValue(pick.Id, out var problem) || problem.Version != pick.Version)
                {
                    reasons.Add($"问题 {Number(problem)} 在您打开本页后已被他人修改或删除");
                    continue;
                }

                if (!(await authorization.AuthorizeAsync(User, problem, Operations.Review)).Succeeded)
                {
                    return Forbid();
                }

                try
                {
                    if (problem.Status is ProblemStatus.Closed or ProblemStatus.SubmittedForClosure)
                    {
                        throw new RefusedException(problem.Status == ProblemStatus.Closed ? "已销号，不能再修改" : "正在审核销号申请，请先批准或退回");
                    }

                    problem.SetSchedule(
                        form.LongTerm ? null : form.DueDate ?? problem.DueDate,
                        problem.StartDate,
                        form.UnitId ?? problem.ResponsibleUnitId,
                        form.LongTerm || (form.DueDate is null && problem.IsLongTerm));
                }
                catch (RefusedException ex)
                {
                    reasons.Add($"问题 {Number(problem)}：{ex.Message.TrimEnd('。')}");
                }
            }

            if (reasons.Count == 0)
            {
                try
                {
                    await db.SaveChangesAsync(ct);
                    var unitName = form.UnitId is { } newUnit ? await db.Units.Where(u => u.Id == newUnit).Select(u => u.Name).SingleAsync(ct) : null;
                    TempData["Notice"] = $"已为 {chosen.Count} 个问题设定{Describe(form, unitName)}。每项改动都记在审计日志中。";
                    return Redirect(Url.Action(nameof(Index), filter.ToRouteValues())!);
                }
                catch (DbUpdateConcurrencyException)
                {
                    reasons.Add("保存时有问题正被他人修改");
                }
            }

            refusal = $"未做任何更改：{string.Join("；", reasons.Take(20))}{(reasons.Count > 20 ? $" 等 {reasons.Count} 处" : "")}。请核对后重新提交。";
            db.ChangeTracker.Clear();
        }

        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        var page = await BuildAsync(filter, form, ct);
        page.Error = refusal;
        return View(nameof(Index), page);
    }

    private static string Number(Problem? problem) => problem is null ? "（已删除）" : $"{problem.Indicator.Number}-{problem.Ordinal}";

    private static string Describe(BulkScheduleForm form, string? unitName) =>
        string.Join("、", new[]
        {
            form.LongTerm ? "整改时限（长期坚持）" : form.DueDate is { } due ? $"整改时限 {due:yyyy-MM-dd}" : null,
            unitName is null ? null : $"责任单位“{unitName}”",
        }.OfType<string>());

    private async Task<DeadlinesPageModel> BuildAsync(DeadlineFilter filter, BulkScheduleForm form, CancellationToken ct)
    {
        var listId = filter.List ?? await lists.FindActiveListIdAsync(ct);
        var indicators = await db.Indicators.AsNoTracking().Where(i => i.ListId == listId).OrderBy(i => i.Number)
            .Select(i => new NamedLink(i.Id, i.Number + " " + i.Name)).ToListAsync(ct);
        var units = await db.Units.AsNoTracking().OrderBy(u => u.Name).Select(u => new NamedLink(u.Id, u.Name)).ToListAsync(ct);
        var query = db.Problems.AsNoTracking().Where(p => p.Indicator.ListId == listId);
        if (filter.Indicator is { } indicatorId)
        {
            query = query.Where(p => p.IndicatorId == indicatorId);
        }

        if (filter.Unit is { } unitId)
        {
            query = query.Where(p => p.ResponsibleUnitId == unitId);
        }

        if (filter.WithoutDeadline)
        {
            query = query.Where(p => p.DueDate == null && !p.IsLongTerm);
        }

        var rows = await query.OrderBy(p => p.Indicator.Number).ThenBy(p => p.Ordinal)
            .Select(p => new DeadlineRow(p.Id, p.Indicator.Number, p.Ordinal, p.Text, p.ResponsibleUnit == null ? null : p.ResponsibleUnit.Name,
                p.DueDate, p.IsLongTerm, p.Status, p.Version))
            .Take(BulkScheduleForm.MaxProblems).ToListAsync(ct);
        var picked = form.Problems.Where(p => p.Selected).Select(p => p.Id).ToHashSet();
        return new DeadlinesPageModel(filter, indicators, units, rows, form, form.Problems.Count == 0 ? null : picked);
    }
}

/// <summary>Which problems the page lists (query string, so a selection can be shared).</summary>
public sealed class DeadlineFilter
{
    [Display(Name = "清单")]
    [Range(1, int.MaxValue)]
    public int? List { get; set; }

    [Display(Name = "指标")]
    [Range(1, int.MaxValue)]
    public int? Indicator { get; set; }

    [Display(Name = "责任单位")]
    [Range(1, int.MaxValue)]
    public int? Unit { get; set; }

    [Display(Name = "只显示尚无整改时限的问题")]
    public bool WithoutDeadline { get; set; }

    public object ToRouteValues() => new { List, Indicator, Unit, WithoutDeadline };
}

public sealed class BulkScheduleForm
{
    /// <summary>More than any list has; a form of this many rows stays under the request limits.</summary>
    public const int MaxProblems = 2000;

    /// <summary>A full page's form: three values a row (id, version, ticked) and the few fields and tokens around them.</summary>
    public const int FormValueCount = (MaxProblems * 3) + 100;

    [Display(Name = "整改时限")]
    [FormDate]
    public DateOnly? DueDate { get; set; }

    [Display(Name = "长期坚持")]
    public bool LongTerm { get; set; }

    [Display(Name = "责任单位")]
    [Range(1, int.MaxValue)]
    public int? UnitId { get; set; }

    [Display(Name = "问题")]
    [MaxLength(MaxProblems)]
    public List<PickedProblem> Problems { get; set; } = [];
}

public sealed class PickedProblem
{
    [Display(Name = "问题")]
    [Range(1, int.MaxValue)]
    public int Id { get; set; }

    [Display(Name = "版本")]
    public Guid Version { get; set; }

    [Display(Name = "选中")]
    public bool Selected { get; set; }
}

public sealed record DeadlineRow(int Id, int IndicatorNumber, int Ordinal, string Text, string? Unit, DateOnly? DueDate, bool IsLongTerm, ProblemStatus Status, Guid Version)
{
    /// <summary>Closed, or under review: its terms are not changed here.</summary>
    public bool IsLocked => Status is ProblemStatus.Closed or ProblemStatus.SubmittedForClosure;
}

public sealed record DeadlinesPageModel(
    DeadlineFilter Filter, IReadOnlyList<NamedLink> Indicators, IReadOnlyList<NamedLink> Units, IReadOnlyList<DeadlineRow> Rows,
    BulkScheduleForm Form, IReadOnlySet<int>? Picked)
{
    public string? Error { get; set; }

    /// <summary>Ticked on the page: what the user ticked when the form comes back, else every problem that can be changed.</summary>
    public bool IsPicked(DeadlineRow row) => !row.IsLocked && (Picked?.Contains(row.Id) ?? true);
}
