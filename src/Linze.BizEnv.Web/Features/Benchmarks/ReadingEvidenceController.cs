using Linze.BizEnv.Web.Data;
using Linze.BizEnv.Web.Features.Errors;
using Linze.BizEnv.Web.Features.Shared;
using Linze.BizEnv.Web.Workflow;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.Web.Features.Benchmarks;

/// <summary>The evidence of a 本县现值, for any signed-in user (as indicators are), always downloaded and sandboxed (ADR-0015).</summary>
public sealed class ReadingEvidenceController(BizEnvDbContext db, EvidenceStore evidence) : Controller
{
    [HttpGet("/readings/{id:long}/evidence")]
    public async Task<IActionResult> Download(long id, CancellationToken ct)
    {
        var reading = await db.MetricReadings.AsNoTracking().Where(r => r.Id == id && r.EvidenceSha256 != null)
            .Select(r => new { r.EvidenceSha256, r.EvidenceName, r.Metric.IndicatorId }).SingleOrDefaultAsync(ct);
        if (reading is null)
        {
            return NotFound();
        }

        if (evidence.OpenRead(reading.EvidenceSha256!) is not { } content)
        {
            return ErrorPages.View(HttpContext, StatusCodes.Status404NotFound, "佐证材料文件不存在",
                $"“{reading.EvidenceName}”的记录还在，但服务器上找不到这个文件（可能是恢复备份时没有恢复佐证材料文件夹）。请联系县营商办。", $"/indicators/{reading.IndicatorId}");
        }

        ContentSecurity.ServeUploaded(Response);
        return File(content, "application/octet-stream", reading.EvidenceName ?? "佐证材料");
    }
}
