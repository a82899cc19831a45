using System.ComponentModel.DataAnnotations;
using Linze.BizEnv.Web.Data;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Features.Dashboard;
using Linze.BizEnv.Web.Features.Shared;
using Linze.BizEnv.Web.Authorization;
using Linze.BizEnv.Web.Domain.Rectification;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.Web.Features.Units;

public sealed class UnitsController(BizEnvDbContext db, UnitMerger merger, ProgressPanelQuery progress) : Controller
{
    /// <summary>Merges one unit into another (Admin): see <see cref="UnitMerger"/>.</summary>
    [Authorize(Roles = Roles.Admin)]
    [HttpPost("/units/merge")]
    public async Task<IActionResult> Merge([Display(Name = "保留的单位")] int keepId, [Display(Name = "并入的单位")] int mergeId, CancellationToken ct)
    {
        try
        {
            TempData["Notice"] = await merger.MergeAsync(keepId, mergeId, ct);
        }
        catch (RefusedException ex)
        {
            TempData["Error"] = ex.Message;
        }

        return RedirectToAction(nameof(Index));
    }

    /// <summary>All units with how many indicators they hold in each role; <paramref name="q"/> filters by name.</summary>
    [HttpGet("/units")]
    public async Task<IActionResult> Index(string? q, CancellationToken ct)
    {
        var query = db.Units.AsNoTracking();
        var search = q?.Trim();
        if (!string.IsNullOrEmpty(search))
        {
            query = query.Where(u => u.Name.Contains(search));
        }

        var units = await query
            .OrderBy(u => u.Name)
            .Select(u => new UnitSummary(
                u.Id,
                u.Name,
                u.Roles.Count(r => r.Role == UnitRole.Lead),
                u.Roles.Count(r => r.Role == UnitRole.Deputy),
                u.Roles.Count(r => r.Role == UnitRole.Member)))
            .ToListAsync(ct);
        return View(new UnitIndexModel(search, units));
    }

    /// <summary>One unit: how it stands in the working list (its 红黑榜 figures and problems), then every indicator where it is lead, deputy or member.</summary>
    [HttpGet("/units/{id:int}")]
    public async Task<IActionResult> Details(int id, CancellationToken ct)
    {
        var unit = await db.Units.AsNoTracking().Where(u => u.Id == id)
            .Select(u => new NamedLink(u.Id, u.Name)).SingleOrDefaultAsync(ct);
        if (unit is null)
        {
            return NotFound();
        }

        var roles = await db.IndicatorUnits.AsNoTracking()
            .Where(iu => iu.UnitId == id)
            .OrderBy(iu => iu.Indicator.List.IsArchived)
            .ThenByDescending(iu => iu.Indicator.List.Year)
            .ThenBy(iu => iu.Indicator.ListId)
            .ThenBy(iu => iu.Indicator.Number)
            .Select(iu => new UnitRoleRow(
                new NamedLink(iu.Indicator.List.Id, iu.Indicator.List.Title),
                new NamedLink(iu.Indicator.Id, iu.Indicator.Name),
                iu.Indicator.Number,
                iu.Role,
                iu.Indicator.Leader == null ? null : new NamedLink(iu.Indicator.Leader.Id, iu.Indicator.Leader.Name),
                iu.Indicator.Problems.Count))
            .ToListAsync(ct);
        return View(new UnitPageModel(unit, roles, await progress.ForUnitAsync(id, ct)));
    }
}

public sealed record UnitIndexModel(string? Search, IReadOnlyList<UnitSummary> Units);

public sealed record UnitSummary(int Id, string Name, int LeadCount, int DeputyCount, int MemberCount);

public sealed record UnitPageModel(NamedLink Unit, IReadOnlyList<UnitRoleRow> Roles, ProgressPanel? Progress);

public sealed record UnitRoleRow(NamedLink List, NamedLink Indicator, int Number, UnitRole Role, NamedLink? Leader, int ProblemCount);
