using System.ComponentModel.DataAnnotations;
using Linze.BizEnv.Web.Authorization;
using Linze.BizEnv.Web.Data;
using Linze.BizEnv.Web.Excel;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Linze.BizEnv.Web.Domain;

namespace Linze.BizEnv.Web.Features.Imports;

/// <summary>
/// Importing a filled-in 整改台账 (Admin): upload, see every value that would change, confirm. Nothing is written
/// before the confirmation, and the confirmation plans again against the database as it then is.
/// </summary>
[Authorize(Roles = Roles.Admin)]
[Route("admin/import-ledger")]
public sealed class LedgerImportsController(LedgerImport import, ImportStaging staging) : Controller
{
    private const string Page = "/Features/Imports/Ledger.cshtml";

    [HttpGet("")]
    public IActionResult Index() => View(Page, new LedgerImportPageModel());

    [HttpPost("")]
    [RequestSizeLimit(UploadedWorkbook.UploadLimit)]
    [RequestFormLimits(MultipartBodyLengthLimit = UploadedWorkbook.UploadLimit)]
    public Task<IActionResult> Preview(IFormFile? file, CancellationToken ct) =>
        UploadedWorkbook.PreviewAsync(staging, file, "请选择要导入的整改台账（.xlsx）：先在“报表导出”中下载整改台账，填好后上传。",
            bytes => import.ImportAsync(LedgerImporter.Read(new MemoryStream(bytes)), dryRun: true, ct),
            (fileName, plan, token) => View(Page, new LedgerImportPageModel { FileName = fileName, Plan = plan, Token = token }),
            Refused, ct);

    [HttpPost("confirm")]
    public Task<IActionResult> Confirm([Display(Name = "导入凭据"), StringLength(64)] string? token, CancellationToken ct) =>
        UploadedWorkbook.ConfirmAsync(staging, token, async bytes =>
        {
            var plan = await import.ImportAsync(LedgerImporter.Read(new MemoryStream(bytes)), dryRun: false, ct);
            // Planned again at confirmation: what another admin imported meanwhile is no change any more.
            TempData["Notice"] = plan.Changes.Count == 0
                ? "台账中的改动已全部在系统中（可能已由他人导入），本次没有写入任何内容。"
                : $"已导入整改台账：{plan.ProblemsChanged} 个问题、{plan.Changes.Count} 项改动。每项改动都记在审计日志中。";
            return RedirectToAction(nameof(Index));
        }, Refused);

    private ViewResult Refused(string message)
    {
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View(Page, new LedgerImportPageModel { Error = message });
    }
}

public sealed class LedgerImportPageModel
{
    public string? FileName { get; init; }

    public LedgerPlan? Plan { get; init; }

    public string? Token { get; init; }

    public string? Error { get; init; }
}
