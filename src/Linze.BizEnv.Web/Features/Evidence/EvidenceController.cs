using Linze.BizEnv.Web.Data;
using Linze.BizEnv.Web.Domain.Rectification;
using Linze.BizEnv.Web.Features.Errors;
using Linze.BizEnv.Web.Features.Shared;
using Linze.BizEnv.Web.Workflow;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace Linze.BizEnv.Web.Features.Evidence;

/// <summary>
/// 佐证材料 for any signed-in user (the fallback policy keeps out everyone else): PDFs and images open in the portal's
/// viewer, every file downloads. A file is always served sandboxed (<see cref="ContentSecurity.Sandboxed"/>) and never sniffed,
/// so a crafted upload cannot run as a page of the portal (ADR-0015).
/// </summary>
public sealed class EvidenceController(BizEnvDbContext db, RectificationService workflow, ILogger<EvidenceController> logger) : Controller
{
    /// <summary>Downloads the file under its stored name.</summary>
    [HttpGet("/evidence/{id:long}")]
    public Task<IActionResult> Download(long id, CancellationToken ct) =>
        ServeAsync(id, inline: false, ct);

    /// <summary>The file itself, inline, for the viewer (PDF, PNG, JPEG only; anything else downloads).</summary>
    [HttpGet("/evidence/{id:long}/file")]
    public Task<IActionResult> Inline(long id, CancellationToken ct) =>
        ServeAsync(id, inline: true, ct);

    /// <summary>A page that shows a PDF (rendered by PDF.js from the sandboxed file) or an image, with its name and a download button.</summary>
    [HttpGet("/evidence/{id:long}/view")]
    public async Task<IActionResult> View(long id, CancellationToken ct)
    {
        var file = await FindAsync(id, ct);
        if (file is null)
        {
            return NotFound();
        }

        if (!EvidenceStore.OpensInBrowser(file.ContentType))
        {
            return RedirectToAction(nameof(Download), new { id });
        }

        var entry = await db.ProgressEntries.AsNoTracking().Where(e => e.Id == file.ProgressEntryId)
            .Select(e => new { e.ProblemId, e.IndicatorId }).SingleAsync(ct);
        var back = entry.ProblemId is { } problemId ? $"/problems/{problemId}" : $"/indicators/{entry.IndicatorId}";
        return View(new EvidenceViewModel(file.Id, file.FileName, file.Size, file.ContentType == "application/pdf", back));
    }

    private Task<Domain.Rectification.Evidence?> FindAsync(long id, CancellationToken ct) =>
        db.Evidence.AsNoTracking().SingleOrDefaultAsync(e => e.Id == id, ct);

    private async Task<IActionResult> ServeAsync(long id, bool inline, CancellationToken ct)
    {
        var file = await FindAsync(id, ct);
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

        ContentSecurity.ServeUploaded(Response);
        Response.Headers.CacheControl = "private, max-age=3600";
        var type = file.ContentType == "application/x-ole-storage" ? "application/octet-stream" : file.ContentType;
        if (!inline || !EvidenceStore.OpensInBrowser(file.ContentType))
        {
            return File(content, type, file.FileName);
        }

        var disposition = new ContentDispositionHeaderValue("inline");
        disposition.SetHttpFileName(file.FileName);
        Response.Headers.ContentDisposition = disposition.ToString();
        return File(content, type);
    }
}

public sealed record EvidenceViewModel(long Id, string FileName, long Size, bool IsPdf, string BackUrl);
