using System.Globalization;
using Linze.BizEnv.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.IntegrationTests.Features.Dashboard;

/// <summary>The 红黑榜 of a list as it is loaded (no deadlines, nobody has reported yet), then a month on.</summary>
public class ScoreboardStandingTests(BizEnvFactory portal) : IClassFixture<BizEnvFactory>
{
    /// <summary>The dashboard as a reader signed in now (a session from before the clock moved a month would have expired).</summary>
    private async Task<HtmlPage> DashboardAsync() =>
        await HtmlPage.GetAsync((await portal.SignInAsync(await portal.CreateUserAsync(Roles.Viewer))).Client, "/");

    [Fact]
    public async Task AFreshListBlamesNobodyAMonthWithoutReportsBlacklistsTheSilentAndAnOnTimeClosureEarnsTheRedList()
    {
        // Loaded today, issued in 2022: nobody has had a chance to report, so nobody is silent or on the 黑榜.
        var fresh = await DashboardAsync();
        var rows = fresh.Rows("unit-scoreboard");
        Assert.NotEmpty(rows);
        Assert.DoesNotContain("data-stale=\"true\"", fresh.Section("unit-scoreboard", "</table>"), StringComparison.Ordinal);
        Assert.DoesNotContain(rows, r => r[1].Contains("未报送", StringComparison.Ordinal) || r[1].Contains("榜", StringComparison.Ordinal));
        Assert.All(rows, r => Assert.Equal("1", r[0])); // all equal: all first
        Assert.Contains("暂无单位上黑榜", HtmlPage.Text(fresh.Section("black-list", "</section>")), StringComparison.Ordinal);
        Assert.Contains("暂无单位上红榜", HtmlPage.Text(fresh.Section("red-list", "id=\"black-list\"")), StringComparison.Ordinal);
        // Nor is any problem 黄灯 "N 天未报送": rectification starts when the list is loaded, not when it was issued.
        Assert.Equal("0", HtmlPage.Text(fresh.Section("figure-due-soon", "</div>")));

        // 31 days on without a single report, every unit is silent.
        portal.Clock.Advance(TimeSpan.FromDays(31));
        var silent = await DashboardAsync();
        Assert.All(silent.Rows("unit-scoreboard"), r => Assert.Contains("黑榜", r[1], StringComparison.Ordinal));
        Assert.All(silent.Items("black-list", "</ol>"), item => Assert.EndsWith("从未报送", item, StringComparison.Ordinal));
        Assert.Equal(HtmlPage.Text(silent.Section("figure-problems", "</div>")), HtmlPage.Text(silent.Section("figure-due-soon", "</div>")));

        // One unit reports and closes its only problem by its deadline: it heads the board, on the 红榜.
        var now = portal.Clock.GetUtcNow().UtcDateTime;
        var unit = await portal.WithDbAsync(async db =>
        {
            var single = await db.Problems.GroupBy(p => p.ResponsibleUnitId).Where(g => g.Count() == 1).Select(g => g.Key).FirstAsync();
            var problem = await db.Problems.Include(p => p.Indicator).ThenInclude(i => i.Units).SingleAsync(p => p.ResponsibleUnitId == single);
            problem.SetSchedule(ChinaTime.Today(portal.Clock).AddDays(10), null, single);
            problem.RecordProgress(100, "test", now);
            problem.SubmitForClosure("整改已完成。", hasEvidence: true, "test", now);
            problem.ApproveClosure(null, "test", now);
            db.ProgressEntries.Add(new() { IndicatorId = problem.IndicatorId, ProblemId = problem.Id, UnitId = single, AuthorId = "test", AuthorName = "test", Date = ChinaTime.Today(portal.Clock), Text = "已完成整改。", CreatedAtUtc = now });
            await db.SaveChangesAsync();
            return await db.Units.Where(u => u.Id == single).Select(u => u.Name).SingleAsync();
        });

        var after = await DashboardAsync();
        var top = after.Rows("unit-scoreboard")[0];
        Assert.Equal("1", top[0]);
        Assert.StartsWith(unit, top[1], StringComparison.Ordinal);
        Assert.Contains("红榜", top[1], StringComparison.Ordinal);
        Assert.Equal(["1", "1", "0", "100%", "今天"], top.Skip(2));
        Assert.Equal([$"第 1 名 {unit} 销号 1/1 · 按期销号率 100%"], after.Items("red-list", "</ol>"));
        Assert.Equal("2", after.Rows("unit-scoreboard")[1][0]);
        Assert.DoesNotContain(unit, after.Items("black-list", "</ol>").Select(i => i.Split(' ')[0]));
        Assert.Equal((after.Rows("unit-scoreboard").Count - 1).ToString(CultureInfo.InvariantCulture), after.Items("black-list", "</ol>").Count.ToString(CultureInfo.InvariantCulture));
    }
}
