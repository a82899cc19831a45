using System.Globalization;
using Linze.BizEnv.Web.Authorization;
using Linze.BizEnv.Web.Data;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.Web.Features.Audit;

/// <summary>The audit trail, searchable by user, unit, entity and time (Admin only).</summary>
[Authorize(Roles = Roles.Admin)]
[Route("admin/audit")]
public sealed class AuditController(BizEnvDbContext db) : Controller
{
    public const int PageSize = 50;

    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery] AuditFilter filter, int page = 1, CancellationToken ct = default)
    {
        var query = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.User))
        {
            query = query.Where(a => a.UserName != null && a.UserName.Contains(filter.User.Trim()));
        }

        if (filter.UnitId is { } unitId)
        {
            query = query.Where(a => a.UnitId == unitId);
        }

        if (!string.IsNullOrWhiteSpace(filter.Entity))
        {
            query = query.Where(a => a.EntityType == filter.Entity);
        }

        if (filter.Action is { } action)
        {
            query = query.Where(a => a.Action == action);
        }

        if (filter.From is { } from)
        {
            var fromUtc = ChinaTime.ToUtc(from.ToDateTime(TimeOnly.MinValue));
            query = query.Where(a => a.AtUtc >= fromUtc);
        }

        if (filter.To is { } to)
        {
            var toUtc = ChinaTime.ToUtc(to.AddDays(1).ToDateTime(TimeOnly.MinValue));
            query = query.Where(a => a.AtUtc < toUtc);
        }

        var total = await query.CountAsync(ct);
        var pager = new Pager(page, PageSize, total);
        var entries = await query
            .OrderByDescending(a => a.AtUtc).ThenByDescending(a => a.Id)
            .Skip((pager.Current - 1) * PageSize).Take(PageSize)
            .ToListAsync(ct);
        var units = await db.Units.AsNoTracking().OrderBy(u => u.Name).Select(u => new NamedLink(u.Id, u.Name)).ToListAsync(ct);
        var entities = await db.AuditEntries.AsNoTracking().Where(a => a.EntityType != null)
            .Select(a => a.EntityType!).Distinct().OrderBy(e => e).ToListAsync(ct);
        return View(new AuditPageModel(filter, entries, pager, units, entities));
    }
}

public sealed class AuditFilter
{
    public string? User { get; set; }

    public int? UnitId { get; set; }

    public string? Entity { get; set; }

    public AuditAction? Action { get; set; }

    public DateOnly? From { get; set; }

    public DateOnly? To { get; set; }

    public string DateValue(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";
}

public sealed record AuditPageModel(AuditFilter Filter, IReadOnlyList<AuditEntry> Entries, Pager Pager, IReadOnlyList<NamedLink> Units, IReadOnlyList<string> Entities);
