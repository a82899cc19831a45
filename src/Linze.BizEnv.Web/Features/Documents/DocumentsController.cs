using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Linze.BizEnv.Web.Authorization;
using Linze.BizEnv.Web.Data;
using Linze.BizEnv.Web.Documents;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Features.Errors;
using Linze.BizEnv.Web.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Linze.BizEnv.Web.Features.OfficialDocuments;

/// <summary>
/// 公文 (ADR-0022): issued 督办通知单 (the 台账 and each as issued), the 月度工作进展通报 and 领导简报 written on demand,
/// each as .docx or, when the server has LibreOffice, PDF; and the templates the county office edits.
/// </summary>
public sealed class DocumentsController(
    BizEnvDbContext db, Reports.BulletinQuery bulletins, PdfConverter pdf, IAuthorizationService authorization, TimeProvider time)
    : Controller
{
    public const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    public const int NoticesPerPage = 50;

    /// <summary>督办通知单台账: every notice issued, newest first, searchable by number or unit.</summary>
    [Authorize(Roles = $"{Roles.Admin},{Roles.Leader}")]
    [HttpGet("/notices")]
    public async Task<IActionResult> Notices(string? q, int page = 1, CancellationToken ct = default)
    {
        var search = string.IsNullOrWhiteSpace(q) ? null : PlainText.Prefix(q.Trim(), 50);
        var query = db.SupervisionNotices.AsNoTracking();
        if (search is not null)
        {
            query = query.Where(n => n.DocumentNumber.Contains(search) || n.Unit.Name.Contains(search));
        }

        var pager = new Pager(page, NoticesPerPage, await query.CountAsync(ct));
        var rows = await query.OrderByDescending(n => n.IssuedAtUtc).ThenByDescending(n => n.Id)
            .Skip((pager.Current - 1) * NoticesPerPage).Take(NoticesPerPage)
            .Select(n => new NoticeRow(n.Id, n.DocumentNumber, new NamedLink(n.UnitId, n.Unit.Name), n.Problems.Count, n.IssuedAtUtc, n.IssuedByName, n.ReplyBy))
            .ToListAsync(ct);
        return View(new NoticesPageModel(search, rows, pager, pdf.IsAvailable));
    }

    /// <summary>A notice exactly as issued: for admins, leaders and the unit it went to.</summary>
    [HttpGet("/notices/{id:long}.docx")]
    public Task<IActionResult> NoticeDocx(long id, CancellationToken ct) => NoticeAsync(id, asPdf: false, ct);

    [HttpGet("/notices/{id:long}.pdf")]
    public Task<IActionResult> NoticePdf(long id, CancellationToken ct) => NoticeAsync(id, asPdf: true, ct);

    /// <summary>The 月度工作进展通报 of the working list for <paramref name="month"/> (yyyy-MM; this month when absent).</summary>
    [Authorize(Roles = $"{Roles.Admin},{Roles.Leader}")]
    [HttpGet("/reports/monthly.docx")]
    public Task<IActionResult> MonthlyDocx(string? month, CancellationToken ct) => MonthlyAsync(month, asPdf: false, ct);

    [Authorize(Roles = $"{Roles.Admin},{Roles.Leader}")]
    [HttpGet("/reports/monthly.pdf")]
    public Task<IActionResult> MonthlyPdf(string? month, CancellationToken ct) => MonthlyAsync(month, asPdf: true, ct);

    /// <summary>A 责任领导's one-page brief: admins for any leader, a leader for their own.</summary>
    [HttpGet("/reports/leaders/{leaderId:int}.docx")]
    public Task<IActionResult> BriefDocx(int leaderId, CancellationToken ct) => BriefAsync(leaderId, asPdf: false, ct);

    [HttpGet("/reports/leaders/{leaderId:int}.pdf")]
    public Task<IActionResult> BriefPdf(int leaderId, CancellationToken ct) => BriefAsync(leaderId, asPdf: true, ct);

    /// <summary>公文模板: each template, whether it is the default or an upload, to download, replace or reset.</summary>
    [Authorize(Roles = Roles.Admin)]
    [HttpGet("/documents/templates")]
    public async Task<IActionResult> Templates(CancellationToken ct) => View(await TemplatesPageAsync(ct));

    [Authorize(Roles = Roles.Admin)]
    [HttpGet("/documents/templates/{kind}.docx")]
    public async Task<IActionResult> Template(TemplateKind kind, CancellationToken ct)
    {
        if (!Enum.IsDefined(kind))
        {
            return NotFound();
        }

        var stored = await db.StoredTemplates.ContentOfAsync(kind, ct);
        return Document(stored ?? DocumentTemplates.Default(kind), $"{kind.ToChinese()}模板.docx", asPdf: false);
    }

    /// <summary>Replaces a template with an edited .docx, checked by content (<see cref="DocumentTemplates.Check"/>); a refused one changes nothing.</summary>
    [Authorize(Roles = Roles.Admin)]
    [HttpPost("/documents/templates/{kind}")]
    // Up to four times the limit reaches the action, which says in Chinese that a template may be 1 MB; more is a 413.
    [RequestSizeLimit((4 * DocumentTemplates.MaxBytes) + (64 * 1024))]
    [RequestFormLimits(MultipartBodyLengthLimit = (4 * DocumentTemplates.MaxBytes) + (64 * 1024))]
    public async Task<IActionResult> Upload(TemplateKind kind, [Display(Name = "模板文件")] IFormFile? file, CancellationToken ct)
    {
        if (!Enum.IsDefined(kind))
        {
            return NotFound();
        }

        try
        {
            if (file is null || file.Length == 0)
            {
                throw new RefusedException("请选择要上传的模板文件（.docx）。");
            }

            if (file.Length > DocumentTemplates.MaxBytes)
            {
                throw new RefusedException($"模板文件不能超过 {DocumentTemplates.MaxBytes / 1024} KB。");
            }

            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, ct);
            var content = buffer.ToArray();
            DocumentTemplates.Check(kind, content);
            await StoreAsync(kind, content, FileNames.Uploaded(file.FileName, StoredTemplate.FileNameLength, "模板.docx"), ct);
            TempData["Notice"] = $"已更新{kind.ToChinese()}模板，此后生成的{kind.ToChinese()}使用新模板。";
            return RedirectToAction(nameof(Templates));
        }
        catch (RefusedException ex)
        {
            var page = await TemplatesPageAsync(ct);
            page.Error = ex.Message;
            page.ErrorKind = kind;
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View(nameof(Templates), page);
        }
    }

    /// <summary>
    /// Keeps <paramref name="content"/> as the kind's template, replacing any before it. Uploads of a kind that had none
    /// may arrive together (two tabs, two administrators): the one whose insert loses to the unique kind replaces the
    /// winner's instead, so each ends as an upload that landed, the last one kept.
    /// </summary>
    private async Task StoreAsync(TemplateKind kind, byte[] content, string fileName, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var stored = await db.StoredTemplates.SingleOrDefaultAsync(t => t.Kind == kind, ct);
            var isNew = stored is null;
            stored ??= db.StoredTemplates.Add(new StoredTemplate { Kind = kind, Content = content, FileName = "", UploadedByName = "" }).Entity;
            stored.Content = content;
            stored.FileName = fileName;
            stored.UploadedByName = User.ToWriter().Name;
            stored.UploadedAtUtc = time.GetUtcNow().UtcDateTime;
            try
            {
                await db.SaveChangesAsync(ct);
                return;
            }
            catch (DbUpdateException) when (isNew && attempt == 1)
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>Goes back to the default wording (after a confirmation on the page).</summary>
    [Authorize(Roles = Roles.Admin)]
    [HttpPost("/documents/templates/{kind}/reset")]
    public async Task<IActionResult> Reset(TemplateKind kind, CancellationToken ct)
    {
        if (!Enum.IsDefined(kind))
        {
            return NotFound();
        }

        var removed = await db.StoredTemplates.Where(t => t.Kind == kind).ToListAsync(ct);
        db.StoredTemplates.RemoveRange(removed);
        await db.SaveChangesAsync(ct);
        TempData["Notice"] = removed.Count == 0 ? $"{kind.ToChinese()}已在使用默认模板。" : $"已恢复{kind.ToChinese()}的默认模板。";
        return RedirectToAction(nameof(Templates));
    }

    private async Task<IActionResult> NoticeAsync(long id, bool asPdf, CancellationToken ct)
    {
        var notice = await db.SupervisionNotices.AsNoTracking().Where(n => n.Id == id).Select(n => new { n.UnitId, n.DocumentNumber }).SingleOrDefaultAsync(ct);
        if (notice is null)
        {
            return NotFound();
        }

        if (!(await authorization.AuthorizeAsync(User, new IssuedNotice(id, notice.UnitId), Operations.ReadNotice)).Succeeded)
        {
            return Forbid();
        }

        var content = await db.SupervisionNotices.AsNoTracking().Where(n => n.Id == id).Select(n => n.Content).SingleAsync(ct);
        return await DocumentAsync(content, $"督办通知单 {notice.DocumentNumber}", asPdf, ct);
    }

    private async Task<IActionResult> MonthlyAsync(string? month, bool asPdf, CancellationToken ct)
    {
        var range = await bulletins.MonthsAsync(ct);
        if (range is not { } months)
        {
            return NotFound();
        }

        if (!Reports.BulletinQuery.TryMonth(month, months, out var asked, out var refusal))
        {
            return ErrorPages.View(HttpContext, StatusCodes.Status400BadRequest, "月份有误", refusal!, "/reports");
        }

        var (content, facts) = (await bulletins.MonthlyAsync(asked, ct))!.Value;
        return await DocumentAsync(content, BulletinDocument.MonthlyTitle(facts.Month), asPdf, ct);
    }

    private async Task<IActionResult> BriefAsync(int leaderId, bool asPdf, CancellationToken ct)
    {
        var leader = await db.Leaders.AsNoTracking().Where(l => l.Id == leaderId).Select(l => l.Name).SingleOrDefaultAsync(ct);
        if (leader is null)
        {
            return NotFound();
        }

        if (!(await authorization.AuthorizeAsync(User, new LeaderBrief(leaderId), Operations.ReadBrief)).Succeeded)
        {
            return Forbid();
        }

        if (await bulletins.BriefAsync(leaderId, leader, ct) is not var (content, facts))
        {
            return NotFound();
        }

        return await DocumentAsync(content, BulletinDocument.BriefTitle(leader, facts.AsOf), asPdf, ct);
    }

    private async Task<IActionResult> DocumentAsync(byte[] docx, string title, bool asPdf, CancellationToken ct)
    {
        if (!asPdf)
        {
            return Document(docx, title + ".docx", asPdf: false);
        }

        try
        {
            return Document(await pdf.ConvertAsync(docx, ct), title + ".pdf", asPdf: true);
        }
        catch (PdfUnavailableException ex)
        {
            return ErrorPages.View(HttpContext, StatusCodes.Status503ServiceUnavailable, "暂不能生成 PDF", ex.Message, ErrorPages.LocalReferrer(HttpContext) ?? "/reports");
        }
    }

    private FileContentResult Document(byte[] content, string fileName, bool asPdf)
    {
        // Internal figures and names: neither a proxy nor the browser's cache keeps a copy.
        Response.Headers.CacheControl = "no-store";
        return File(content, asPdf ? "application/pdf" : Docx, FileNames.Safe(fileName, FileNames.DownloadLength));
    }

    private async Task<TemplatesPageModel> TemplatesPageAsync(CancellationToken ct)
    {
        var stored = await db.StoredTemplates.AsNoTracking().Select(t => new { t.Kind, t.FileName, t.UploadedByName, t.UploadedAtUtc }).ToListAsync(ct);
        return new TemplatesPageModel([.. Enum.GetValues<TemplateKind>().Select(kind =>
        {
            var s = stored.Find(t => t.Kind == kind);
            return new TemplateRow(kind, DocumentTemplates.Placeholders[kind], s?.FileName, s?.UploadedByName, s?.UploadedAtUtc);
        })]);
    }
}

public sealed record NoticeRow(long Id, string DocumentNumber, NamedLink Unit, int Problems, DateTime IssuedAtUtc, string IssuedByName, DateOnly ReplyBy);

public sealed record NoticesPageModel(string? Search, IReadOnlyList<NoticeRow> Rows, Pager Pager, bool PdfAvailable);

public sealed record TemplateRow(TemplateKind Kind, IReadOnlyList<Placeholder> Placeholders, string? FileName, string? UploadedByName, DateTime? UploadedAtUtc);

public sealed class TemplatesPageModel(IReadOnlyList<TemplateRow> rows)
{
    public IReadOnlyList<TemplateRow> Rows { get; } = rows;

    public string? Error { get; set; }

    public TemplateKind? ErrorKind { get; set; }
}
