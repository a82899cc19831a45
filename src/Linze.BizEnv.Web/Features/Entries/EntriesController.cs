using System.ComponentModel.DataAnnotations;
using Linze.BizEnv.Web.Authorization;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Features.Errors;
using Linze.BizEnv.Web.Features.Shared;
using Linze.BizEnv.Web.Data;
using Linze.BizEnv.Web.Domain.Rectification;
using Linze.BizEnv.Web.Features.Indicators;
using Linze.BizEnv.Web.Features.Problems;
using Linze.BizEnv.Web.Workflow;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.Web.Features.Entries;

/// <summary>
/// A progress entry after it is written: its author may change or delete it for 24 hours (the resource handler decides
/// who, the entry when: <see cref="ProgressEntry.CheckChangeable"/>). Its files are served by <c>EvidenceController</c>.
/// </summary>
[Route("entries")]
public sealed class EntriesController(
    BizEnvDbContext db,
    RectificationService workflow,
    IAuthorizationService authorization,
    ProblemPageBuilder problemPages,
    IndicatorPageBuilder indicatorPages) : Controller
{
    [HttpGet("{id:long}/edit")]
    public async Task<IActionResult> Edit(long id, CancellationToken ct)
    {
        var entry = await db.ProgressEntries.AsNoTracking().SingleOrDefaultAsync(e => e.Id == id, ct);
        if (entry is null)
        {
            return NotFound();
        }

        if (!(await authorization.AuthorizeAsync(User, entry, Operations.ChangeEntry)).Succeeded)
        {
            return Forbid();
        }

        try
        {
            // Say so before the user types anything, not after.
            await workflow.CheckChangeableAsync(entry, ct);
        }
        catch (RefusedException ex)
        {
            return ErrorPages.Refused(this, "这条进展不能再修改", ex.Message, BackUrl(entry));
        }

        return View(new EntryEditModel { Id = id, Date = entry.Date, Text = entry.Text, PercentComplete = entry.PercentComplete, ShowsPercent = MovesFigures(entry), BackUrl = BackUrl(entry) });
    }

    [HttpPost("{id:long}/edit")]
    [ShowsFormErrors]
    public async Task<IActionResult> Edit(long id, EntryEditModel model, CancellationToken ct) =>
        await this.RunAsync(await db.ProgressEntries.SingleOrDefaultAsync(e => e.Id == id, ct), new WorkflowStep<ProgressEntry, EntryEditModel>(
            Operations.ChangeEntry,
            entry => workflow.EditEntryAsync(entry, model.Date ?? entry.Date, model.Text, model.PercentComplete, User.ToWriter(), model.Confirmed, ct),
            "已修改进展。",
            entry => LocalRedirect(BackUrl(entry)),
            _ => nameof(Edit),
            entry =>
            {
                model.Id = id;
                model.BackUrl = BackUrl(entry);
                model.ShowsPercent = MovesFigures(entry);
                return Task.FromResult<EntryEditModel?>(model);
            }));

    /// <summary>Deletes an entry; refused, the problem's (or indicator's) page again with the reason.</summary>
    [HttpPost("{id:long}/delete")]
    public async Task<IActionResult> Delete(long id, CancellationToken ct) =>
        await this.RunAsync(await db.ProgressEntries.Include(e => e.Evidence).SingleOrDefaultAsync(e => e.Id == id, ct), new WorkflowStep<ProgressEntry, IRefusablePage>(
            Operations.ChangeEntry,
            entry => workflow.DeleteEntryAsync(entry, User.ToWriter(), ct),
            "已删除进展。",
            entry => LocalRedirect(BackUrl(entry)),
            entry => entry.ProblemId is null ? "~/Features/Indicators/Details.cshtml" : "~/Features/Problems/Details.cshtml",
            async entry => entry.ProblemId is { } problemId
                ? await problemPages.BuildAsync(problemId, User, HttpContext.RequestAborted)
                : await indicatorPages.BuildAsync(entry.IndicatorId, User, HttpContext.RequestAborted)));

    /// <summary>An entry on a problem that is not 协办 carries a percent, which its author may correct.</summary>
    private static bool MovesFigures(ProgressEntry entry) => entry.ProblemId is not null && !entry.IsSupporting;

    private static string BackUrl(ProgressEntry entry) =>
        entry.ProblemId is { } problemId ? $"/problems/{problemId}" : $"/indicators/{entry.IndicatorId}";
}

public sealed class EntryEditModel : EntryFields, IRefusablePage, IConfirmingPage
{
    [BindNever]
    public long Id { get; set; }

    [BindNever]
    public bool ShowsPercent { get; set; }

    [BindNever]
    public string BackUrl { get; set; } = "/";

    [BindNever]
    public string? Error { get; set; }

    public void AskToConfirm() => AskConfirmation = true;
}
