using Linze.BizEnv.Web.Authorization;
using Linze.BizEnv.Web.Data;
using Linze.BizEnv.Web.Data.Auditing;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Features.Errors;
using Linze.BizEnv.Web.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Linze.BizEnv.Web.Features.Audit;

/// <summary>The audit trail, searchable by user, unit, entity and time (Admin only).</summary>
[Authorize(Roles = Roles.Admin)]
[Route("admin/audit")]
public sealed class AuditController(BizEnvDbContext db, IOptions<AuditOptions> retention) : Controller
{
    public const int PageSize = 50;

    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery] AuditFilter filter, int page = 1, CancellationToken ct = default)
    {
        if (!ModelState.IsValid || (filter.Entity is { } asked && !AuditVocabulary.Entities.ContainsKey(asked)))
        {
            return ErrorPages.View(HttpContext, StatusCodes.Status400BadRequest, "查询条件有误",
                "审计日志的查询条件无法识别（日期应为 2026-12-31 的形式，页码为正整数，操作和对象从下拉列表中选择）。请返回审计日志页重新选择查询条件。", "/admin/audit");
        }

        var query = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.User))
        {
            // By account name, or by the person's name: the accounts whose display name matches, found once.
            var typed = filter.User.Trim();
            var named = await db.Users.AsNoTracking().Where(u => u.DisplayName != null && u.DisplayName.Contains(typed)).Select(u => u.Id).Take(200).ToListAsync(ct);
            query = query.Where(a => (a.UserName != null && a.UserName.Contains(typed)) || (a.UserId != null && named.Contains(a.UserId)));
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
        var lines = await new AuditLineBuilder(db).DescribeAsync(entries, ct);
        var units = await db.Units.AsNoTracking().OrderBy(u => u.Name).Select(u => new NamedLink(u.Id, u.Name)).ToListAsync(ct);
        return View(new AuditPageModel(filter, lines, pager, units, retention.Value.EffectiveRetentionDays));
    }
}

public sealed class AuditFilter
{
    /// <summary>Part of an account name or of a person's name.</summary>
    [Bounded(FieldLengths.Name)]
    public string? User { get; set; }

    public int? UnitId { get; set; }

    /// <summary>A record kind by its type name (<see cref="AuditVocabulary.Entities"/>).</summary>
    [Bounded(64)]
    public string? Entity { get; set; }

    public AuditAction? Action { get; set; }

    /// <summary>Bounded like a form's date, so a far-off date is an unreadable filter rather than an overflow.</summary>
    [FormDate]
    public DateOnly? From { get; set; }

    [FormDate]
    public DateOnly? To { get; set; }
}

public sealed record AuditPageModel(AuditFilter Filter, IReadOnlyList<AuditLine> Entries, Pager Pager, IReadOnlyList<NamedLink> Units, int RetentionDays);
