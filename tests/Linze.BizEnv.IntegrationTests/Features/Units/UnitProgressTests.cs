using System.Net;
using Linze.BizEnv.IntegrationTests.Workflow;
using Linze.BizEnv.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.IntegrationTests.Features.Units;

/// <summary>A unit's page and a leader's page show how their problems stand, with the dashboard's own 红黑榜 figures.</summary>
public class UnitProgressTests(BizEnvFactory portal) : IClassFixture<BizEnvFactory>
{
    private const string Unit = "县市场监管局";

    /// <summary>The 红黑榜 row the dashboard shows for a unit, filtered as given.</summary>
    private static IReadOnlyList<string> DashboardRow(HtmlPage dashboard, int unitId) =>
        dashboard.Rows("unit-scoreboard")[DataRows(dashboard.Section("unit-scoreboard", "</table>")).IndexOf(unitId.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    private static List<string> DataRows(string table) =>
        [.. System.Text.RegularExpressions.Regex.Matches(table, "data-unit=\"(\\d+)\"").Select(m => m.Groups[1].Value)];

    [Fact]
    public async Task AUnitsPageListsItsProblemsWithStatusLightPercentDueDateAndItsScoreboardFigures()
    {
        var id = await portal.NewProblemAsync();
        var unit = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Unit, Unit));
        await unit.PostFormAsync($"/problems/{id}", $"/problems/{id}/entries", new() { ["Text"] = "已推进。", ["PercentComplete"] = "40", ["Date"] = ChinaTime.FormatDate(ChinaTime.Today(portal.Clock)) });
        var unitId = await portal.WithDbAsync(db => db.Units.Where(u => u.Name == Unit).Select(u => u.Id).SingleAsync());
        var problem = await portal.ProblemAsync(id);

        var page = new HtmlPage(HttpStatusCode.OK, await unit.GetHtmlAsync($"/units/{unitId}"));
        var label = await portal.WithDbAsync(db => db.Problems.Where(p => p.Id == id).Select(p => $"{p.Indicator.Number}-{p.Ordinal}").SingleAsync());
        var row = page.Rows("progress-problems").Single(r => r[0] == label);
        Assert.Equal(["整改中", "绿灯", "40%", ChinaTime.FormatDate(problem.DueDate), "今天"], row.Skip(2));
        Assert.Contains("本单位整改进展", page.Html, StringComparison.Ordinal);
        Assert.Contains("本单位", page.H1, StringComparison.Ordinal);

        var dashboard = new HtmlPage(HttpStatusCode.OK, await unit.GetHtmlAsync("/"));
        // The same figures as the dashboard's row, 名次 included (the unit page has no 单位 column).
        var mine = DashboardRow(dashboard, unitId);
        var figures = page.Rows("unit-figures").Single();
        Assert.Equal(mine.Skip(2), figures.Skip(1));
        Assert.StartsWith(mine[0], figures[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ALeadersPageShowsTheProblemsOfTheIndicatorsTheyLeadAndTheirUnitsFigures()
    {
        var id = await portal.NewProblemAsync();
        var (leaderId, leaderName) = await portal.WithDbAsync(async db =>
            await db.Problems.Where(p => p.Id == id).Select(p => new { p.Indicator.LeaderId, p.Indicator.Leader!.Name }).SingleAsync() is var l ? (l.LeaderId!.Value, l.Name) : default);
        var viewer = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Viewer));

        var page = new HtmlPage(HttpStatusCode.OK, await viewer.GetHtmlAsync($"/leaders/{leaderId}"));
        Assert.StartsWith(leaderName, page.H1, StringComparison.Ordinal);
        Assert.Contains("分管指标整改进展", page.Html, StringComparison.Ordinal);
        Assert.Contains(page.Rows("progress-problems"), r => r.Contains(Unit) && r.Contains("未启动"));

        var dashboard = new HtmlPage(HttpStatusCode.OK, await viewer.GetHtmlAsync($"/?leader={leaderId}"));
        var figures = page.Rows("unit-figures");
        Assert.Equal(dashboard.Rows("unit-scoreboard").Count, figures.Count);
        Assert.All(figures, f => Assert.Contains(dashboard.Rows("unit-scoreboard"), d => d.Skip(2).SequenceEqual(f.Skip(2)) && d[1].StartsWith(f[1], StringComparison.Ordinal) && f[0].StartsWith(d[0], StringComparison.Ordinal)));
    }

    [Fact]
    public async Task AUnitsMenuAndHomeSayItsOwnUnitNotMine()
    {
        var unit = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Unit, Unit));
        var html = await unit.GetHtmlAsync("/");
        Assert.Matches("id=\"nav-my-unit\"[^>]*>本单位</a>", html);
        Assert.DoesNotContain("我的单位", html, StringComparison.Ordinal);
        Assert.Contains("本单位：", html, StringComparison.Ordinal);
    }
}
