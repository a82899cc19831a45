using System.Globalization;
using System.Net;
using Linze.BizEnv.Web.Authorization;
using Linze.BizEnv.Web.Domain.Rectification;
using Microsoft.EntityFrameworkCore;
using Linze.BizEnv.Web.Domain;

namespace Linze.BizEnv.IntegrationTests.Features.Dashboard;

/// <summary>The figures on <see cref="DashboardDataset"/>, with the portal's clock frozen.</summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    public BizEnvFactory Portal { get; } = new();

    public async Task InitializeAsync() => await DashboardDataset.ApplyAsync(Portal);

    public Task DisposeAsync()
    {
        Portal.Dispose();
        return Task.CompletedTask;
    }
}

public class DashboardTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    private BizEnvFactory Portal => fixture.Portal;

    private async Task<HtmlPage> PageAsync(string url = "/") => await HtmlPage.GetAsync(await Portal.ViewerClientAsync(), url);

    private static string Figure(HtmlPage page, string id) => HtmlPage.Text(page.Section("figure-" + id, "</div>"));

    private static IReadOnlyList<string> Row(HtmlPage page, string table, string firstCellStartsWith) =>
        page.Rows(table).Single(r => r[0].StartsWith(firstCellStartsWith, StringComparison.Ordinal));

    [Fact]
    public async Task HeadlineFiguresCountTheListsProblemsByStatusAndLight()
    {
        var page = await PageAsync();

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("临泽县优化营商环境对标提升责任清单", page.H1);
        Assert.Equal("18", Figure(page, "indicators"));
        Assert.Equal("44", Figure(page, "problems"));
        Assert.Equal("2（4%）", Figure(page, "closed"));
        Assert.Equal("1", Figure(page, "in-progress"));
        Assert.Equal("1", Figure(page, "overdue"));
        Assert.Equal("1", Figure(page, "due-soon"));
        Assert.Equal("1", Figure(page, "awaiting-review"));
    }

    [Fact]
    public async Task TheChartsGetTheStatusCountsAndTwelveWeeksOfTrend()
    {
        var page = await PageAsync();
        using var data = System.Text.Json.JsonDocument.Parse(page.Attribute("dashboard-data", "data-charts"));

        var status = data.RootElement.GetProperty("status").EnumerateArray().ToDictionary(s => s.GetProperty("key").GetString()!, s => s.GetProperty("value").GetInt32());
        Assert.Equal(40, status[nameof(ProblemStatus.NotStarted)]);
        Assert.Equal(1, status[nameof(ProblemStatus.InProgress)]);
        Assert.Equal(1, status[nameof(ProblemStatus.SubmittedForClosure)]);
        Assert.Equal(2, status[nameof(ProblemStatus.Closed)]);
        Assert.Equal(0, status[nameof(ProblemStatus.Ongoing)]);
        // Indicators 7 and 10 have no problems, so no bar.
        Assert.Equal(16, data.RootElement.GetProperty("indicators").GetArrayLength());
        var trend = data.RootElement.GetProperty("trend").EnumerateArray().ToList();
        Assert.Equal(12, trend.Count);
        Assert.Equal(2, trend[^1].GetProperty("closures").GetInt32());
        Assert.Equal(2, trend.Sum(w => w.GetProperty("entries").GetInt32()));
    }

    [Theory]
    [InlineData("周延年", 2)] // indicator 2, where both closures are
    [InlineData("李国志", 0)]
    public async Task TheClosureTrendFollowsTheLeaderFilter(string leader, int closures)
    {
        var leaderId = await Portal.WithDbAsync(db => db.Leaders.Where(l => l.Name == leader).Select(l => l.Id).SingleAsync());
        using var data = System.Text.Json.JsonDocument.Parse((await PageAsync($"/?leader={leaderId}")).Attribute("dashboard-data", "data-charts"));

        Assert.Equal(closures, data.RootElement.GetProperty("trend").EnumerateArray().Sum(w => w.GetProperty("closures").GetInt32()));
    }

    [Fact]
    public async Task IndicatorsShowInOrderWithTheirWorstLightAndProgress()
    {
        var rows = (await PageAsync()).Rows("dashboard-indicators");

        Assert.Equal(SourceDocument.Indicators.Select(i => i.Name), rows.Select(r => r[1]));
        Assert.StartsWith("红灯", rows[0][2], StringComparison.Ordinal);
        Assert.Contains("销号 0/4（0%）", rows[0][3], StringComparison.Ordinal);
        Assert.Contains("平均完成 10%", rows[0][3], StringComparison.Ordinal); // (40 + 0 + 0 + 0) / 4
        Assert.Contains("逾期 1", rows[0][3], StringComparison.Ordinal);
        Assert.StartsWith("已销号", rows[1][2], StringComparison.Ordinal);
        Assert.Contains("销号 2/2（100%）", rows[1][3], StringComparison.Ordinal);
        Assert.StartsWith("绿灯", rows[2][2], StringComparison.Ordinal);
        Assert.Equal("无问题", rows[6][2]);
        Assert.Equal(SourceDocument.Indicators[0].Leader, rows[0][4]);
    }

    [Fact]
    public async Task OverdueAndDueSoonListsNameTheProblemsMostUrgentFirst()
    {
        var page = await PageAsync();

        var overdue = page.Items("overdue-list", "</ol>");
        Assert.Single(overdue);
        Assert.StartsWith("1.1 ", overdue[0], StringComparison.Ordinal);
        Assert.EndsWith("蓝色督办 逾期 3 天", overdue[0], StringComparison.Ordinal);
        var soon = page.Items("due-soon-list", "</ol>");
        Assert.Single(soon);
        Assert.StartsWith("1.2 ", soon[0], StringComparison.Ordinal);
        Assert.EndsWith("2 天后到期", soon[0], StringComparison.Ordinal);
    }

    /// <summary>A 红黑榜 row by its unit's name (column 0 is the 名次).</summary>
    private static IReadOnlyList<string> ScoreRow(HtmlPage page, string unit) =>
        page.Rows("unit-scoreboard").Single(r => r[1].StartsWith(unit, StringComparison.Ordinal));

    [Fact]
    public async Task ScoreboardCountsEachUnitsProblemsClosuresOverdueOnTimeRateAndLastReport()
    {
        var page = await PageAsync();
        var first = await DashboardDataset.UnitOfAsync(Portal, 1);
        var second = await DashboardDataset.UnitOfAsync(Portal, 2);
        var third = await DashboardDataset.UnitOfAsync(Portal, 3);
        Assert.Equal(3, new[] { first.Id, second.Id, third.Id }.Distinct().Count());

        var overdueRow = ScoreRow(page, first.Name);
        Assert.Equal([(await DashboardDataset.ProblemsAnsweredByAsync(Portal, first.Id)).ToString(CultureInfo.InvariantCulture), "0", "1", "0%", "2 天前"], overdueRow.Skip(2));
        var closedRow = ScoreRow(page, second.Name);
        Assert.Equal([(await DashboardDataset.ProblemsAnsweredByAsync(Portal, second.Id)).ToString(CultureInfo.InvariantCulture), "2", "0", "50%", "从未报送"], closedRow.Skip(2));
        var staleRow = ScoreRow(page, third.Name);
        Assert.Equal("45 天前", staleRow[6]);
        Assert.Contains("超 30 天未报送", staleRow[1], StringComparison.Ordinal);
        Assert.DoesNotContain("未报送", overdueRow[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheScoreboardRanksUnitsBestFirstAndNamesTheBlackListWithItsReasons()
    {
        var page = await PageAsync();
        var first = await DashboardDataset.UnitOfAsync(Portal, 1);
        var second = await DashboardDataset.UnitOfAsync(Portal, 2);
        var third = await DashboardDataset.UnitOfAsync(Portal, 3);
        var rows = page.Rows("unit-scoreboard");

        // Ranked best first: the unit that closed (one of two on time) leads the units with nothing overdue; the
        // silent unit and then the one with an overdue problem come last, both on the 黑榜.
        var ranks = rows.Select(r => int.Parse(r[0], CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(ranks.Order(), ranks);
        Assert.StartsWith(second.Name, rows[0][1], StringComparison.Ordinal);
        Assert.Equal("1", rows[0][0]);
        Assert.StartsWith(third.Name, rows[^2][1], StringComparison.Ordinal);
        Assert.StartsWith(first.Name, rows[^1][1], StringComparison.Ordinal);
        Assert.Equal(rows.Count.ToString(CultureInfo.InvariantCulture), rows[^1][0]);
        Assert.Contains("黑榜", rows[^1][1], StringComparison.Ordinal);
        Assert.DoesNotContain("榜", rows[0][1], StringComparison.Ordinal); // one closure was late: neither list
        // Units equal in every figure share their rank.
        Assert.True(rows.Skip(1).Take(rows.Count - 3).Select(r => r[0]).Distinct().Count() == 1);

        var black = page.Items("black-list", "</ol>");
        Assert.Equal([$"{first.Name} 逾期 1 项", $"{third.Name} 45 天未报送"], black);
        Assert.Contains("暂无单位上红榜", HtmlPage.Text(page.Section("red-list", "id=\"black-list\"")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheLedgersUnitSummaryGivesEveryUnitTheDashboardsOnTimeRate()
    {
        var page = await PageAsync();
        var admin = await Portal.SignInAsync(await Portal.CreateUserAsync(Roles.Admin));
        using var response = await admin.GetAsync("/reports/ledger.xlsx");
        var summary = MiniExcelLibs.MiniExcel.Query(await response.Content.ReadAsStreamAsync(), sheetName: "单位汇总", useHeaderRow: false)
            .Cast<IDictionary<string, object?>>().Skip(3)
            .ToDictionary(r => Convert.ToString(r["A"], CultureInfo.InvariantCulture)!, r => Convert.ToString(r["E"], CultureInfo.InvariantCulture));
        var dashboard = page.Rows("unit-scoreboard").ToDictionary(r => r[1].Split(' ')[0], r => r[5]);

        Assert.Equal(dashboard.Keys.Order(StringComparer.Ordinal), summary.Keys.Order(StringComparer.Ordinal));
        Assert.All(dashboard, d => Assert.Equal(d.Value, summary[d.Key]));
        var first = await DashboardDataset.UnitOfAsync(Portal, 1);
        Assert.Equal("0%", summary[first.Name]); // overdue and nothing closed: 0 %, not "—"
        Assert.Contains("—", summary.Values);
    }

    [Fact]
    public async Task LeadersShowTheirIndicatorsClosedShareAndOverdueCount()
    {
        var rows = (await PageAsync()).Rows("leader-standings");
        var leaders = SourceDocument.Indicators.Select(i => i.Leader).Distinct().ToList();
        Assert.Equal(leaders, rows.Select(r => r[0]));

        var zhou = rows.Single(r => r[0] == "周延年");
        var zhouIndicators = SourceDocument.Indicators.Where(i => i.Leader == "周延年").ToList();
        Assert.Equal(zhouIndicators.Count.ToString(CultureInfo.InvariantCulture), zhou[1]);
        var problems = zhouIndicators.Sum(i => i.Problems.Count);
        Assert.Equal(problems.ToString(CultureInfo.InvariantCulture), zhou[2]);
        Assert.Equal($"2/{problems}（{200 / problems}%）", zhou[3]);
        Assert.Equal("1", zhou[4]);
    }

    [Fact]
    public async Task FiltersByLightStatusUnitAndLeaderNarrowEveryFigureAndTravelInTheUrl()
    {
        var red = await PageAsync("/?light=Red");
        Assert.Equal("1", Figure(red, "problems"));
        Assert.Equal(["开办企业"], red.Rows("dashboard-indicators").Select(r => r[1]));
        Assert.Contains("信号灯：红灯", red.Html, StringComparison.Ordinal);
        Assert.Contains("<option value=\"Red\" selected=\"selected\">", red.Html, StringComparison.Ordinal);

        var closed = await PageAsync("/?status=Closed");
        Assert.Equal("2", Figure(closed, "problems"));
        Assert.Equal("2（100%）", Figure(closed, "closed"));
        Assert.Equal(["办理建筑许可"], closed.Rows("dashboard-indicators").Select(r => r[1]));

        var second = await DashboardDataset.UnitOfAsync(Portal, 2);
        var byUnit = await PageAsync($"/?unit={second.Id}");
        Assert.Equal([second.Name], byUnit.Rows("unit-scoreboard").Select(r => r[1].Split(' ')[0]));
        // A unit filter keeps the unit's place in the county, not "1 of 1".
        Assert.Equal(ScoreRow(await PageAsync(), second.Name)[0], byUnit.Rows("unit-scoreboard")[0][0]);
        Assert.Equal((await DashboardDataset.ProblemsAnsweredByAsync(Portal, second.Id)).ToString(CultureInfo.InvariantCulture), Figure(byUnit, "problems"));

        var leaderId = await Portal.WithDbAsync(db => db.Leaders.Where(l => l.Name == "李国志").Select(l => l.Id).SingleAsync());
        var byLeader = await PageAsync($"/?leader={leaderId}");
        Assert.Equal(SourceDocument.Indicators.Where(i => i.Leader == "李国志").Select(i => i.Name), byLeader.Rows("dashboard-indicators").Select(r => r[1]));
        Assert.Equal(["李国志"], byLeader.Rows("leader-standings").Select(r => r[0]));
        Assert.Equal("1", Figure(byLeader, "awaiting-review"));
    }

    [Fact]
    public async Task AUnitUsersDashboardLeadsWithItsOwnUnit()
    {
        var third = await DashboardDataset.UnitOfAsync(Portal, 3);
        var session = await Portal.SignInAsync(await Portal.CreateUserAsync(Roles.Unit, third.Name));
        var page = new HtmlPage(HttpStatusCode.OK, await session.GetHtmlAsync("/"));

        var mine = page.Html.IndexOf("id=\"my-unit\"", StringComparison.Ordinal);
        Assert.InRange(mine, 0, page.Html.IndexOf("id=\"headline\"", StringComparison.Ordinal));
        Assert.Contains(third.Name, HtmlPage.Text(page.Section("my-unit", "</section>")), StringComparison.Ordinal);
        Assert.Contains("45 天前", HtmlPage.Text(page.Section("my-unit", "</section>")), StringComparison.Ordinal);
        Assert.StartsWith(third.Name, page.Rows("unit-scoreboard")[0][1], StringComparison.Ordinal);
        Assert.Equal("获得电力 本单位", page.Rows("dashboard-indicators")[0][1]);
    }

    [Fact]
    public async Task ALeadersDashboardLeadsWithTheirIndicators()
    {
        var user = await Portal.CreateUserAsync(Roles.Leader);
        await Portal.WithDbAsync(async db =>
        {
            var account = await db.Users.SingleAsync(u => u.UserName == user);
            account.LeaderId = await db.Leaders.Where(l => l.Name == "张晓龙").Select(l => l.Id).SingleAsync();
            return await db.SaveChangesAsync();
        });
        var session = await Portal.SignInAsync(user);
        var page = new HtmlPage(HttpStatusCode.OK, await session.GetHtmlAsync("/"));

        var theirs = SourceDocument.Indicators.Where(i => i.Leader == "张晓龙").Select(i => i.Name).ToList();
        Assert.Equal(theirs, page.Items("my-indicators", "</section>").Select(i => i.Split(". ", 2)[1].Split(' ')[0]));
        Assert.Equal(theirs, page.Rows("dashboard-indicators").Take(theirs.Count).Select(r => r[1].Replace(" 分管", "", StringComparison.Ordinal)));
        Assert.Equal("张晓龙", page.Rows("leader-standings")[0][0]);
    }

    [Fact]
    public async Task AnUnknownListIsNotFound()
    {
        var page = await PageAsync("/?list=987654");
        Assert.Equal(HttpStatusCode.NotFound, page.Status);
    }
}
