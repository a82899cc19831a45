using System.ComponentModel.DataAnnotations;
using Linze.BizEnv.Web.Authorization;
using Linze.BizEnv.Web.Data;
using Linze.BizEnv.Web.Excel;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.Web.Features.Imports;

/// <summary>Importing a list from Excel (Admin): upload, see what would change, confirm. Nothing is written before the confirmation.</summary>
[Authorize(Roles = Roles.Admin)]
[Route("admin/import")]
public sealed class ImportsController(ListImport import, ImportStaging staging, BizEnvDbContext db) : Controller
{
    [HttpGet("")]
    public IActionResult Index() => View(new ImportPageModel());

    [HttpPost("")]
    [RequestSizeLimit(UploadedWorkbook.UploadLimit)]
    [RequestFormLimits(MultipartBodyLengthLimit = UploadedWorkbook.UploadLimit)]
    public async Task<IActionResult> Preview(IFormFile? file, CancellationToken ct)
    {
        if (await UploadedWorkbook.ReadAsync(file, ct) is not { } bytes)
        {
            return Refused("请选择要导入的 Excel 文件（.xlsx）。");
        }

        ParsedList parsed;
        try
        {
            parsed = ListImporter.Read(new MemoryStream(bytes));
        }
        catch (ImportRefusedException ex)
        {
            return Refused(ex.Message);
        }

        var warnings = parsed.Warnings.Concat(await LookAlikeExistingUnitsAsync(parsed.List, ct)).ToList();
        var plan = await import.ImportAsync(parsed.List, warnings, dryRun: true, ct);
        return View(nameof(Index), new ImportPageModel { FileName = file!.FileName, Plan = plan, Token = plan.HasChanges ? staging.Stage(bytes) : null });
    }

    [HttpPost("confirm")]
    public async Task<IActionResult> Confirm([Display(Name = "导入凭据"), StringLength(64)] string? token, CancellationToken ct)
    {
        var bytes = staging.Read(token);
        if (bytes is null)
        {
            return Refused(UploadedWorkbook.Expired);
        }

        try
        {
            var parsed = ListImporter.Read(new MemoryStream(bytes));
            var plan = await import.ImportAsync(parsed.List, parsed.Warnings, dryRun: false, ct);
            staging.Discard(token!);
            TempData["Notice"] = $"已导入《{plan.Title}》：新增 {plan.Created.Count} 项、修改 {plan.Changed.Count} 项、归档或删除 {plan.Archived.Count} 项。";
            var listId = await db.Lists.Where(l => l.Title == plan.Title).Select(l => l.Id).SingleAsync(ct);
            return RedirectToAction("Index", "Lists", new { id = listId });
        }
        catch (ImportRefusedException ex)
        {
            return Refused(ex.Message);
        }
    }

    /// <summary>Names in the file that are new to the portal but look like a unit it already has.</summary>
    private async Task<IEnumerable<string>> LookAlikeExistingUnitsAsync(Domain.ListDocument list, CancellationToken ct)
    {
        var existing = await db.Units.AsNoTracking().Select(u => u.Name).ToListAsync(ct);
        var incoming = list.Indicators.SelectMany(i => i.LeadUnits.Concat(i.DeputyUnits).Concat(i.MemberUnits)).Distinct().Except(existing);
        return incoming.SelectMany(name => existing.Where(e => ListImporter.LookAlike(name, e))
            .Select(e => $"文件中的单位“{name}”与系统中已有的“{e}”相似：如是同一单位，请先在文件中改为“{e}”，或导入后在单位管理中合并。"));
    }

    private ViewResult Refused(string message)
    {
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View(nameof(Index), new ImportPageModel { Error = message });
    }
}

public sealed class ImportPageModel
{
    public string? FileName { get; init; }

    public ImportPlan? Plan { get; init; }

    public string? Token { get; init; }

    public string? Error { get; init; }
}
