using Linze.BizEnv.Web.Authorization;
using Linze.BizEnv.Web.Data;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Domain.Rectification;
using Linze.BizEnv.Web.Excel;
using Linze.BizEnv.Web.Features.Errors;
using Linze.BizEnv.Web.Features.Shared;
using Linze.BizEnv.Web.Features.Reports;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.Web.Features.Reports;

/// <summary>Excel reports: the list in its own layout and the 整改台账 for admins and leaders; a unit's own report for that unit.</summary>
[Route("reports")]
public sealed class ReportsController(
    BizEnvDbContext db, ListStore lists, LedgerQuery ledger, TimeProvider time, IAuthorizationService authorization, BulletinQuery bulletins,
    Documents.PdfConverter pdf) : Controller
{
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    [Authorize(Roles = $"{Roles.Admin},{Roles.Leader}")]
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var leaders = await Leader.InListOrder(db.Leaders.AsNoTracking()).Select(l => new NamedLink(l.Id, l.Name)).ToListAsync(ct);
        var units = await db.Units.AsNoTracking().OrderBy(u => u.Name).Select(u => u.Name).ToListAsync(ct);
        var months = new List<string>();
        if (await bulletins.MonthsAsync(ct) is { } range)
        {
            for (var m = range.Last; m >= range.First && months.Count < 36; m = m.AddMonths(-1))
            {
                months.Add(m.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        // A leader gets their own brief; the county office any leader's.
        var briefs = User.IsInRole(Roles.Admin) ? leaders : [.. leaders.Where(l => l.Id == User.LeaderId())];
        return View(new ReportsPageModel([.. leaders.Select(l => l.Name)], units, months, briefs, pdf.IsAvailable, User.IsInRole(Roles.Admin)));
    }

    [Authorize(Roles = $"{Roles.Admin},{Roles.Leader}")]
    [HttpGet("original.xlsx")]
    public async Task<IActionResult> Original(CancellationToken ct)
    {
        if (await lists.FindActiveListIdAsync(ct) is not { } listId || await lists.ReadAsync(listId, ct) is not { } list)
        {
            return NotFound();
        }

        return Workbook(stream => OriginalListExporter.Write(list, stream), FileNames.Safe(list.Title + ".xlsx", FileNames.DownloadLength));
    }

    [Authorize(Roles = $"{Roles.Admin},{Roles.Leader}")]
    [HttpGet("ledger.xlsx")]
    public async Task<IActionResult> Ledger(string? leader, string? unit, ProblemStatus? status, CancellationToken ct)
    {
        var filter = new LedgerFilter(Blank(leader), Blank(unit), status);
        var refusal = !ModelState.IsValid || (status is { } s && !Enum.IsDefined(s)) ? "状态无法识别，请从整改台账页的下拉列表中选择。"
            : filter.Leader is { } l && !await db.Leaders.AnyAsync(x => x.Name == l, ct) ? $"没有名为“{Shown(l)}”的责任领导，请从整改台账页的下拉列表中选择。"
            : filter.Unit is { } u && !await db.Units.AnyAsync(x => x.Name == u, ct) ? $"没有名为“{Shown(u)}”的责任单位，请从整改台账页的下拉列表中选择。"
            : null;
        return refusal is null
            ? await LedgerAsync(filter, ct)
            : ErrorPages.View(HttpContext, StatusCodes.Status400BadRequest, "导出条件有误", refusal, "/reports");
    }

    /// <summary>A unit's own report: admins and leaders for any unit, a unit's account for its own.</summary>
    [HttpGet("unit/{unitId:int}.xlsx")]
    public async Task<IActionResult> UnitReport(int unitId, CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, new UnitReport(unitId), Operations.ReadReport)).Succeeded)
        {
            return Forbid();
        }

        var name = await db.Units.Where(u => u.Id == unitId).Select(u => u.Name).SingleOrDefaultAsync(ct);
        return name is null ? NotFound() : await LedgerAsync(new LedgerFilter(Unit: name, WithEntries: true), ct);
    }

    private async Task<IActionResult> LedgerAsync(LedgerFilter filter, CancellationToken ct)
    {
        if (await lists.FindActiveListIdAsync(ct) is not { } listId || await ledger.BuildAsync(listId, filter, ct) is not { } report)
        {
            return NotFound();
        }

        return Workbook(stream => LedgerExporter.Write(report, stream), filter.FileName(ChinaTime.Today(time)));
    }

    private FileContentResult Workbook(Action<Stream> write, string fileName)
    {
        using var stream = new MemoryStream();
        write(stream);
        // Internal figures and names: neither a proxy nor the browser's cache keeps a copy.
        Response.Headers.CacheControl = "no-store";
        return File(stream.ToArray(), Xlsx, fileName);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>A name as typed, echoed on the refusal: its visible characters, a long one cut.</summary>
    private static string Shown(string name)
    {
        return PlainText.Shorten(PlainText.WithoutInvisible(name), 30);
    }
}

/// <param name="Months">The months a 月度通报 may be written for, newest first (yyyy-MM).</param>
/// <param name="Briefs">The leaders whose brief the user may download.</param>
public sealed record ReportsPageModel(
    IReadOnlyList<string> Leaders, IReadOnlyList<string> Units, IReadOnlyList<string> Months, IReadOnlyList<NamedLink> Briefs, bool PdfAvailable, bool IsAdmin);
