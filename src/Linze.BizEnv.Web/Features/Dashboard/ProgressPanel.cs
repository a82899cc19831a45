using Linze.BizEnv.Web.Data;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Domain.Rectification;
using Linze.BizEnv.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Linze.BizEnv.Web.Features.Dashboard;

/// <summary>A problem as a unit's or a leader's page lists it: where it stands and how long since it was last reported.</summary>
public sealed record ProblemProgressRow(
    int Id, int IndicatorNumber, string Indicator, int Ordinal, string Text, NamedLink? Unit, ProblemStatus Status,
    TrafficLight Light, int PercentComplete, DateOnly? DueDate, bool IsLongTerm, int? DaysSinceLastEntry);

/// <summary>How a unit (or a leader's units) stand in the working list: the problems, and the 红黑榜 rows for them.</summary>
public sealed record ProgressPanel(string ListTitle, IReadOnlyList<ProblemProgressRow> Problems, IReadOnlyList<UnitScoreboardRow> Units, int StaleDays);

/// <summary>
/// Builds the progress panel of the unit and leader pages. The 红黑榜 figures come from the dashboard's own
/// computation (<see cref="DashboardQuery"/> filtered to the unit or leader), so they are the same figures the
/// dashboard shows; the problem rows are one projection query of the same list.
/// </summary>
public sealed class ProgressPanelQuery(BizEnvDbContext db, DashboardQuery dashboard, TimeProvider time, IOptions<TrafficLightOptions> lights)
{
    /// <summary>The problems a unit answers for in the working list, and its 红黑榜 row.</summary>
    public Task<ProgressPanel?> ForUnitAsync(int unitId, CancellationToken ct) =>
        BuildAsync(new DashboardFilter(UnitId: unitId), new DashboardViewer(UnitId: unitId), ct);

    /// <summary>The problems of the indicators a leader answers for (分管), and the 红黑榜 rows of the units answering for them.</summary>
    public Task<ProgressPanel?> ForLeaderAsync(int leaderId, CancellationToken ct) =>
        BuildAsync(new DashboardFilter(LeaderId: leaderId), new DashboardViewer(LeaderId: leaderId), ct);

    private async Task<ProgressPanel?> BuildAsync(DashboardFilter filter, DashboardViewer viewer, CancellationToken ct)
    {
        var (_, report) = await dashboard.BuildAsync(null, filter, viewer, ct);
        if (report is null)
        {
            return null;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var today = ChinaTime.Today(time);
        var query = db.Problems.AsNoTracking().Where(p => p.Indicator.ListId == report.ListId && !p.IsArchived);
        query = filter.UnitId is { } unitId ? query.Where(p => p.ResponsibleUnitId == unitId) : query.Where(p => p.Indicator.LeaderId == filter.LeaderId);
        var rows = await query
            .OrderBy(p => p.Indicator.Number).ThenBy(p => p.Ordinal)
            .Select(p => new
            {
                p.Id, p.Indicator.Number, IndicatorName = p.Indicator.Name, p.Ordinal, p.Text,
                Unit = p.ResponsibleUnit == null ? null : new NamedLink(p.ResponsibleUnit.Id, p.ResponsibleUnit.Name),
                p.Status, p.DueDate, p.IsLongTerm, p.StartDate, p.PercentComplete, p.LastProgressAtUtc, Loaded = p.Indicator.List.CreatedAtUtc,
            })
            .ToListAsync(ct);
        var problems = rows.Select(p => new ProblemProgressRow(
            p.Id, p.Number, p.IndicatorName, p.Ordinal, p.Text, p.Unit, p.Status,
            TrafficLightRules.Compute(new LightInput(p.Status, p.DueDate, p.StartDate, p.PercentComplete, p.LastProgressAtUtc, p.Loaded), now, lights.Value),
            p.Status == ProblemStatus.Closed ? 100 : p.PercentComplete, p.DueDate, p.IsLongTerm,
            p.LastProgressAtUtc is { } last ? today.DayNumber - DateOnly.FromDateTime(ChinaTime.From(last)).DayNumber : null)).ToList();
        var units = filter.UnitId is { } only ? [.. report.UnitScoreboard.Where(u => u.Id == only)] : report.UnitScoreboard;
        return new ProgressPanel(report.ListTitle, problems, units, report.StaleDays);
    }
}
