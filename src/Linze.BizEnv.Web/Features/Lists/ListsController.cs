using Linze.BizEnv.Web.Authorization;
using Linze.BizEnv.Web.Data;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.Web.Features.Lists;

public sealed class ListsController(BizEnvDbContext db, ListStore store) : Controller
{
    /// <summary>The list page: the indicators in the document's order. Without an id, the working list.</summary>
    [HttpGet("/lists")]
    [HttpGet("/lists/{id:int}")]
    public async Task<IActionResult> Index(int? id, CancellationToken ct)
    {
        var listId = id ?? await store.FindActiveListIdAsync(ct);
        var lists = await store.ListOptionsAsync(ct);
        if (listId is null)
        {
            return View(new ListPageModel(null, lists, [], null));
        }

        var current = lists.Find(l => l.Id == listId);
        if (current is null)
        {
            return NotFound();
        }

        var header = await db.Lists.AsNoTracking().Where(l => l.Id == listId)
            .Select(l => new ListHeader(l.Id, l.Title, l.IssuingOffice, l.IssueDate, l.Year, l.IsArchived))
            .SingleAsync(ct);
        var rows = await db.Indicators.AsNoTracking()
            .Where(i => i.ListId == listId)
            .OrderBy(i => i.Number)
            .Select(i => new IndicatorRow(
                i.Id,
                i.Number,
                i.Name,
                i.Leader == null ? null : new NamedLink(i.Leader.Id, i.Leader.Name),
                i.Units.Where(u => u.Role == UnitRole.Lead).OrderBy(u => u.SortOrder)
                    .Select(u => new NamedLink(u.UnitId, u.Unit.Name)).ToList(),
                i.Problems.Count))
            .ToListAsync(ct);
        return View(new ListPageModel(header, lists, rows, await MyUnitAsync(listId.Value, ct)));
    }

    /// <summary>For a unit's account: the indicators of this list where its unit holds a role, shown first.</summary>
    private async Task<MyUnitModel?> MyUnitAsync(int listId, CancellationToken ct)
    {
        if (!User.IsInRole(Roles.Unit) || User.UnitId() is not { } unitId)
        {
            return null;
        }

        var roles = await db.IndicatorUnits.AsNoTracking()
            .Where(iu => iu.UnitId == unitId && iu.Indicator.ListId == listId)
            .OrderBy(iu => iu.Indicator.Number)
            .Select(iu => new MyIndicatorRow(iu.Indicator.Id, iu.Indicator.Number, iu.Indicator.Name, iu.Role, iu.Indicator.Problems.Count))
            .ToListAsync(ct);
        return new MyUnitModel(new NamedLink(unitId, User.UnitName() ?? ""), roles);
    }
}

public sealed record ListPageModel(ListHeader? List, IReadOnlyList<ListOption> Lists, IReadOnlyList<IndicatorRow> Indicators, MyUnitModel? MyUnit);

public sealed record MyUnitModel(NamedLink Unit, IReadOnlyList<MyIndicatorRow> Indicators);

public sealed record MyIndicatorRow(int Id, int Number, string Name, UnitRole Role, int ProblemCount);

public sealed record ListHeader(int Id, string Title, string? IssuingOffice, DateOnly? IssueDate, int Year, bool IsArchived);

public sealed record IndicatorRow(int Id, int Number, string Name, NamedLink? Leader, IReadOnlyList<NamedLink> LeadUnits, int ProblemCount);
