using Linze.BizEnv.Web.Data;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Features.Dashboard;
using Linze.BizEnv.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.Web.Features.Leaders;

public sealed class LeadersController(BizEnvDbContext db, ProgressPanelQuery progress) : Controller
{
    [HttpGet("/leaders")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var leaders = await Leader.InListOrder(db.Leaders.AsNoTracking())
            .Select(l => new LeaderSummary(l.Id, l.Name, l.Indicators.Count, l.Indicators.Sum(i => i.Problems.Count)))
            .ToListAsync(ct);
        return View(leaders);
    }

    /// <summary>One leader: how the indicators they answer for (分管) stand in the working list, then those indicators by list.</summary>
    [HttpGet("/leaders/{id:int}")]
    public async Task<IActionResult> Details(int id, CancellationToken ct)
    {
        var leader = await db.Leaders.AsNoTracking().Where(l => l.Id == id)
            .Select(l => new NamedLink(l.Id, l.Name)).SingleOrDefaultAsync(ct);
        if (leader is null)
        {
            return NotFound();
        }

        var indicators = await db.Indicators.AsNoTracking()
            .Where(i => i.LeaderId == id)
            .OrderBy(i => i.List.IsArchived).ThenByDescending(i => i.List.Year).ThenBy(i => i.ListId).ThenBy(i => i.Number)
            .Select(i => new LeaderIndicatorRow(
                new NamedLink(i.List.Id, i.List.Title),
                new NamedLink(i.Id, i.Name),
                i.Number,
                i.Units.Where(u => u.Role == UnitRole.Lead).OrderBy(u => u.SortOrder)
                    .Select(u => new NamedLink(u.UnitId, u.Unit.Name)).ToList(),
                i.Problems.Count))
            .ToListAsync(ct);
        return View(new LeaderPageModel(leader, indicators, await progress.ForLeaderAsync(id, ct)));
    }
}

public sealed record LeaderSummary(int Id, string Name, int IndicatorCount, int ProblemCount);

public sealed record LeaderPageModel(NamedLink Leader, IReadOnlyList<LeaderIndicatorRow> Indicators, ProgressPanel? Progress);

public sealed record LeaderIndicatorRow(NamedLink List, NamedLink Indicator, int Number, IReadOnlyList<NamedLink> LeadUnits, int ProblemCount);
