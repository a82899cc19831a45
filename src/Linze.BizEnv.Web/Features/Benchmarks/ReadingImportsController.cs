using System.ComponentModel.DataAnnotations;
using Linze.BizEnv.Web.Authorization;
using Linze.BizEnv.Web.Data;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Excel;
using Linze.BizEnv.Web.Features.Imports;
using Linze.BizEnv.Web.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.Web.Features.Benchmarks;

/// <summary>
/// Importing 本县现值 from Excel (Admin): download the template (every metric of the working list, this month), fill it,
/// upload, see every reading that would be written, confirm. Nothing is written before the confirmation, which plans again.
/// </summary>
[Authorize(Roles = Roles.Admin)]
[Route("admin/import-readings")]
public sealed class ReadingImportsController(ReadingsImport import, ImportStaging staging, ListStore lists, BizEnvDbContext db, TimeProvider time) : Controller
{
    private const string Page = "/Features/Benchmarks/Import.cshtml";

    [HttpGet("")]
    public IActionResult Index() => View(Page, new ReadingImportPageModel());

    [HttpPost("")]
    [RequestSizeLimit(UploadedWorkbook.UploadLimit)]
    [RequestFormLimits(MultipartBodyLengthLimit = UploadedWorkbook.UploadLimit)]
    public Task<IActionResult> Preview(IFormFile? file, CancellationToken ct) =>
        UploadedWorkbook.PreviewAsync(staging, file, "请选择要导入的本县现值表（.xlsx）：可先下载模板填写。",
            bytes => import.ImportAsync(ReadingsImporter.Read(new MemoryStream(bytes)), null, ct),
            (fileName, plan, token) => View(Page, new ReadingImportPageModel { FileName = fileName, Plan = plan, Token = token }),
            Refused, ct);

    [HttpPost("confirm")]
    public Task<IActionResult> Confirm([Display(Name = "导入凭据"), StringLength(64)] string? token, CancellationToken ct) =>
        UploadedWorkbook.ConfirmAsync(staging, token, async bytes =>
        {
            var plan = await import.ImportAsync(ReadingsImporter.Read(new MemoryStream(bytes)), User.ToWriter(), ct);
            TempData["Notice"] = plan.Readings.Count == 0
                ? "表中的数值已全部在系统中（可能已由他人导入），本次没有写入任何内容。"
                : $"已导入本县现值 {plan.Readings.Count} 条（其中更正 {plan.Readings.Count(r => r.IsCorrection)} 条）。每条都记在审计日志中。";
            return RedirectToAction(nameof(Index));
        }, Refused);

    /// <summary>The template: one row per metric of the working list, 期间 this month, 本县值 and 来源 to fill.</summary>
    [HttpGet("template.xlsx")]
    public async Task<IActionResult> Template(CancellationToken ct)
    {
        var listId = await lists.FindActiveListIdAsync(ct);
        var rows = listId is null ? [] : await db.BenchmarkMetrics.AsNoTracking().Where(m => m.Indicator.ListId == listId)
            .OrderBy(m => m.Indicator.Number).ThenBy(m => m.SortOrder)
            .Select(m => new ReadingTemplateRow(m.Indicator.Number, m.Indicator.Name, m.Name, m.IsYesNo, m.Unit)).ToListAsync(ct);
        if (rows.Count == 0)
        {
            return Refused("当前清单没有对标指标项，无需填报本县现值。");
        }

        var today = ChinaTime.Today(time);
        using var stream = new MemoryStream();
        ReadingsTemplate.Write(rows, today, stream);
        Response.Headers.CacheControl = "no-store";
        return File(stream.ToArray(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"本县现值填报表-{today:yyyyMM}.xlsx");
    }

    private ViewResult Refused(string message)
    {
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View(Page, new ReadingImportPageModel { Error = message });
    }
}

public sealed class ReadingImportPageModel
{
    public string? FileName { get; init; }

    public ReadingsPlan? Plan { get; init; }

    public string? Token { get; init; }

    public string? Error { get; init; }
}
