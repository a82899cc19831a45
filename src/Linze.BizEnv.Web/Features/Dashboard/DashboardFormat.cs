using System.Globalization;
using Linze.BizEnv.Web.Domain.Rectification;

namespace Linze.BizEnv.Web.Features.Dashboard;

/// <summary>
/// How the dashboard's partials write figures. The partials write plain links from the request's path base (the route
/// templates are fixed) rather than ~/ or asp-* tag helpers: the page has hundreds of them.
/// </summary>
public static class DashboardFormat
{
    /// <summary>The lights the filter offers, in the order it offers them.</summary>
    public static readonly IReadOnlyList<TrafficLight> LightOptions = [TrafficLight.Red, TrafficLight.Yellow, TrafficLight.Green, TrafficLight.Closed];

    public static string Pct(int value) => value.ToString(CultureInfo.InvariantCulture) + "%";

    /// <summary>How long since a unit last reported: 今天, 3 天前, or 从未报送.</summary>
    public static string Days(int? days) => days is null ? "从未报送" : days == 0 ? "今天" : $"{days} 天前";

    /// <summary>The badge colour of a 红黑榜 standing: red for 红榜 (an honour in China), black for 黑榜.</summary>
    public static string StandingCss(ScoreboardStanding standing) => standing == ScoreboardStanding.Red ? "text-bg-danger" : "text-bg-dark";
}
