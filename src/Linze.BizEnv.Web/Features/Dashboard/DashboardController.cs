using System.Text.Json;
using Linze.BizEnv.Web.Authorization;
using Linze.BizEnv.Web.Domain.Rectification;
using Microsoft.AspNetCore.Mvc;
using Linze.BizEnv.Web.Domain;

namespace Linze.BizEnv.Web.Features.Dashboard;

/// <summary>首页: where every indicator, problem, unit and leader of a list stands.</summary>
public sealed class DashboardController(DashboardQuery query) : Controller
{
    /// <summary>A reused dashboard is the same object, so its chart data is serialised once, not on every load.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<DashboardReport, string> ChartData = [];

    /// <summary>The working list unless <paramref name="list"/> names another; filters come from the query string so a view can be shared.</summary>
    [HttpGet("/")]
    public async Task<IActionResult> Index(int? list, int? leader, int? unit, ProblemStatus? status, TrafficLight? light, CancellationToken ct)
    {
        var filter = new DashboardFilter(leader, unit, status, light);
        var viewer = new DashboardViewer(
            User.IsInRole(Roles.Unit) ? User.UnitId() : null,
            User.IsInRole(Roles.Leader) ? User.LeaderId() : null);
        var (lists, report) = await query.BuildAsync(list, filter, viewer, ct);
        if (report is null && list is not null && lists.Count > 0)
        {
            return NotFound();
        }

        return View(new DashboardPage(report, report is null ? null : ChartData.GetValue(report, ChartJson)));
    }

    /// <summary>The charts' data, read by dashboard.js from an attribute (the CSP allows no inline script).</summary>
    private static string ChartJson(DashboardReport report) => JsonSerializer.Serialize(new
    {
        status = report.StatusCounts.Select(s => new { name = s.Key.ToChinese(), key = s.Key.ToString(), value = s.Value }),
        indicators = report.Indicators.Where(i => i.Problems > 0).OrderBy(i => i.Number)
            .Select(i => new { name = $"{i.Number}. {i.Name}", closed = i.ClosedPercent, mean = i.MeanPercent }),
        trend = report.Trend.Select(w => new { week = w.Monday.ToString("M/d", System.Globalization.CultureInfo.InvariantCulture), closures = w.Closures, entries = w.Entries }),
    });
}

public sealed record DashboardPage(DashboardReport? Report, string? ChartJson);
