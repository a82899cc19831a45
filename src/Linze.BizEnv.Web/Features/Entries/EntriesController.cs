using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Features.Errors;
using Linze.BizEnv.Web.Features.Shared;
using Linze.BizEnv.Web.Data;
using Linze.BizEnv.Web.Domain.Rectification;
using Linze.BizEnv.Web.Rectification;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.Web.Features.Entries;

/// <summary>A progress entry after it is written: its author may change or delete it for 24 hours; its files download for any signed-in user.</summary>
[Route("entries")]
public sealed class EntriesController(BizEnvDbContext db, RectificationService workflow, ILogger<EntriesController> logger) : Controller
{
    [HttpGet("{id:long}/edit")]
    public async Task<IActionResult> Edit(long id, CancellationToken ct)
    {
        var entry = await db.ProgressEntries.AsNoTracking().SingleOrDefaultAsync(e => e.Id == id, ct);
        if (entry is null)
        {
            return NotFound();
        }

        if (entry.AuthorId != UserId)
        {
            return Forbid();
        }

        try
        {
            // Say so before the user types anything, not after.
            await workflow.CheckChangeableAsync(entry, UserId, ct);
        }
        catch (WorkflowException ex)
        {
            return ErrorPages.Refused(this, "这条进展不能再修改", ex.Message, BackUrl(entry));
        }

        return View(new EntryEditModel { Id = id, Date = entry.Date, Text = entry.Text, BackUrl = BackUrl(entry) });
    }

    [HttpPost("{id:long}/edit")]
    [ShowsFormErrors]
    public async Task<IActionResult> Edit(long id, EntryEditModel model, CancellationToken ct)
    {
        var entry = await db.ProgressEntries.SingleOrDefaultAsync(e => e.Id == id, ct);
        if (entry is null)
        {
            return NotFound();
        }

        model.Id = id;
        model.BackUrl = BackUrl(entry);
        if (entry.AuthorId != UserId)
        {
            return Forbid();
        }

        if (ModelState.IsValid)
        {
            try
            {
                await workflow.EditEntryAsync(entry, UserId, model.Date ?? entry.Date, model.Text, ct);
                TempData["Notice"] = "已修改进展。";
                return LocalRedirect(model.BackUrl);
            }
            catch (WorkflowException ex)
            {
                ModelState.AddModelError("", ex.Message);
            }
        }

        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View(model);
    }

    [HttpPost("{id:long}/delete")]
    public async Task<IActionResult> Delete(long id, CancellationToken ct)
    {
        var entry = await db.ProgressEntries.Include(e => e.Evidence).SingleOrDefaultAsync(e => e.Id == id, ct);
        if (entry is null)
        {
            return NotFound();
        }

        if (entry.AuthorId != UserId)
        {
            return Forbid();
        }

        try
        {
            await workflow.DeleteEntryAsync(entry, UserId, ct);
            TempData["Notice"] = "已删除进展。";
            return LocalRedirect(BackUrl(entry));
        }
        catch (WorkflowException ex)
        {
            return ErrorPages.Refused(this, "不能删除这条进展", ex.Message, BackUrl(entry));
        }
    }

    /// <summary>Evidence files: any signed-in user may download (the fallback policy keeps out everyone else).</summary>
    [HttpGet("/evidence/{id:long}")]
    public async Task<IActionResult> Evidence(long id, CancellationToken ct)
    {
        var file = await db.Evidence.AsNoTracking().SingleOrDefaultAsync(e => e.Id == id, ct);
        if (file is null)
        {
            return NotFound();
        }

        if (workflow.OpenEvidence(file.Sha256) is not { } content)
        {
            logger.LogError("Evidence file {Sha256} of evidence {EvidenceId} is missing from the evidence folder", file.Sha256, id);
            return ErrorPages.View(HttpContext, StatusCodes.Status404NotFound, "佐证材料文件不存在",
                $"“{file.FileName}”的记录还在，但服务器上找不到这个文件（可能是恢复备份时没有恢复佐证材料文件夹）。请联系县营商办。", ErrorPages.LocalReferrer(HttpContext));
        }

        Response.Headers.XContentTypeOptions = "nosniff";
        return File(content, file.ContentType == "application/x-ole-storage" ? "application/octet-stream" : file.ContentType, file.FileName);
    }

    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";

    private static string BackUrl(ProgressEntry entry) =>
        entry.ProblemId is { } problemId ? $"/problems/{problemId}" : $"/indicators/{entry.IndicatorId}";
}

public sealed class EntryEditModel
{
    [BindNever]
    public long Id { get; set; }

    [Display(Name = "进展日期")]
    [FormDate]
    public DateOnly? Date { get; set; }

    [Display(Name = "进展内容")]
    [Bounded(FieldLengths.LongText)]
    public string? Text { get; set; }

    [BindNever]
    public string BackUrl { get; set; } = "/";
}
