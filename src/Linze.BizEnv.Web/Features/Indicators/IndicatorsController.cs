using Linze.BizEnv.Web.Data;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.Web.Features.Indicators;

public sealed class IndicatorsController(BizEnvDbContext db) : Controller
{
    /// <summary>One indicator: its benchmark, numbered problems, leader and units by role.</summary>
    [HttpGet("/indicators/{id:int}")]
    public async Task<IActionResult> Details(int id, CancellationToken ct)
    {
        var indicator = await db.Indicators.AsNoTracking()
            .Where(i => i.Id == id)
            .Select(i => new
            {
                i.Id,
                List = new NamedLink(i.List.Id, i.List.Title),
                i.Number,
                i.Name,
                i.ProvinceBest,
                Leader = i.Leader == null ? null : new NamedLink(i.Leader.Id, i.Leader.Name),
                Problems = i.Problems.OrderBy(p => p.Ordinal).Select(p => new ProblemItem(p.Id, p.Ordinal, p.Text)).ToList(),
                Units = i.Units.OrderBy(u => u.Role).ThenBy(u => u.SortOrder)
                    .Select(u => new { u.Role, Link = new NamedLink(u.UnitId, u.Unit.Name) }).ToList(),
            })
            .SingleOrDefaultAsync(ct);
        if (indicator is null)
        {
            return NotFound();
        }

        // Neighbours for the previous/next links; a list has a few dozen indicators at most.
        var siblings = await db.Indicators.AsNoTracking()
            .Where(o => o.ListId == indicator.List.Id)
            .OrderBy(o => o.Number)
            .Select(o => new NamedLink(o.Id, o.Name))
            .ToListAsync(ct);
        var position = siblings.FindIndex(o => o.Id == id);
        var roles = UnitRoleNames.InListOrder
            .Select(role => new RoleUnits(role, [.. indicator.Units.Where(u => u.Role == role).Select(u => u.Link)]))
            .ToList();
        return View(new IndicatorPageModel(
            indicator.Id, indicator.List, indicator.Number, indicator.Name, indicator.ProvinceBest,
            indicator.Leader, indicator.Problems, roles,
            position > 0 ? siblings[position - 1] : null,
            position < siblings.Count - 1 ? siblings[position + 1] : null));
    }
}

public sealed record IndicatorPageModel(
    int Id,
    NamedLink List,
    int Number,
    string Name,
    string ProvinceBest,
    NamedLink? Leader,
    IReadOnlyList<ProblemItem> Problems,
    IReadOnlyList<RoleUnits> Units,
    NamedLink? Previous,
    NamedLink? Next);

public sealed record ProblemItem(int Id, int Ordinal, string Text);

public sealed record RoleUnits(UnitRole Role, IReadOnlyList<NamedLink> Units);
