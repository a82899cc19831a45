using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Linze.BizEnv.IntegrationTests.Features.Dashboard;
using Linze.BizEnv.IntegrationTests.Workflow;
using Linze.BizEnv.Web.Authorization;
using Linze.BizEnv.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.IntegrationTests.Features.Work;

/// <summary>What waits for a user: the menu's badges, a unit's home page, and why each problem is on 我的工作.</summary>
public partial class WaitingWorkTests(CountingPortal portal) : IClassFixture<CountingPortal>
{
    private const string Lead = "县市场监管局";

    private string Day(int days) => ChinaTime.Today(portal.Clock).AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private async Task<WebSession> AdminAsync() => await portal.SignInAsync(await portal.CreateUserAsync(Roles.Admin));

    /// <summary>The number on a menu badge (0 when the badge is not shown).</summary>
    private static int Badge(string html, string id) =>
        Regex.Match(html, $"id=\"{id}\">(\\d+)<") is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;

    private async Task ScheduleAsync(WebSession admin, int id, string due, string start)
    {
        var problem = await portal.ProblemAsync(id);
        var response = await admin.PostFormAsync($"/problems/{id}", $"/problems/{id}/schedule", new()
        {
            ["DueDate"] = due, ["StartDate"] = start, ["ResponsibleUnitId"] = problem.ResponsibleUnitId!.Value.ToString(CultureInfo.InvariantCulture), ["Version"] = problem.Version.ToString(),
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    [Fact]
    public async Task TheMenuShowsNoBadgeWhenNothingWaitsAndNeverItsTemplate()
    {
        using var fresh = new BizEnvFactory();
        var admin = await fresh.SignInAsync(await fresh.CreateUserAsync(Roles.Admin));
        var unit = await fresh.SignInAsync(await fresh.CreateUserAsync(Roles.Unit, "县法院"));

        foreach (var (session, id, label) in new[] { (admin, "nav-review", "审核"), (unit, "nav-my-work", "我的工作") })
        {
            var html = await session.GetHtmlAsync("/lists");
            Assert.Equal(label, HtmlPage.Text(new HtmlPage(HttpStatusCode.OK, html).Section(id, "</a>")));
            Assert.DoesNotContain("@if", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TheReviewMenuCountsSubmissionsAndExtensionRequestsWaiting()
    {
        var admin = await AdminAsync();
        var before = Badge(await admin.GetHtmlAsync("/lists"), "review-count");

        await portal.SubmittedAsync(await portal.NewProblemAsync());
        await portal.PendingExtensionAsync(await portal.NewProblemAsync());

        Assert.Equal(before + 2, Badge(await admin.GetHtmlAsync("/lists"), "review-count"));
    }

    [Fact]
    public async Task AUnitSeesWhatWaitsInItsMenuOnItsHomePageAndWhyOnMyWork()
    {
        var unit = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Unit, Lead));
        var badgeBefore = Badge(await unit.GetHtmlAsync("/lists"), "my-work-count");
        var admin = await AdminAsync();
        var leader = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Leader));

        var returned = await portal.NewProblemAsync();
        await portal.SubmittedAsync(returned);
        await admin.PostFormAsync($"/problems/{returned}", $"/problems/{returned}/return", new() { ["reason"] = "缺少盖章件。", ["Version"] = (await portal.ProblemAsync(returned)).Version.ToString() });
        var instructed = await portal.NewProblemAsync();
        await leader.PostFormAsync($"/problems/{instructed}", $"/problems/{instructed}/instructions", new() { ["text"] = "请加快办理。" });
        var overdue = await portal.NewProblemAsync();
        await ScheduleAsync(admin, overdue, Day(-3), Day(-100));
        var dueSoon = await portal.NewProblemAsync();
        await ScheduleAsync(admin, dueSoon, Day(5), Day(-10));
        var stale = await portal.NewProblemAsync();
        await ScheduleAsync(admin, stale, Day(300), Day(-40));
        // The list has been in the portal for months (silence counts from the later of start and loading).
        var loaded = portal.Clock.GetUtcNow().UtcDateTime.AddDays(-120);
        await portal.WithDbAsync(db => db.Lists.ExecuteUpdateAsync(s => s.SetProperty(l => l.CreatedAtUtc, loaded)));

        // Returned, instructed, overdue, due soon: four more in the badge; a stale problem is listed but not counted.
        var home = await unit.GetHtmlAsync("/");
        Assert.Equal(badgeBefore + 4, Badge(home, "my-work-count"));
        var waiting = HtmlPage.Text(new HtmlPage(HttpStatusCode.OK, home).Section("waiting-for-unit", "</div>"));
        Assert.Contains("1 条领导批示待回复", waiting, StringComparison.Ordinal);
        Assert.Contains("1 个问题被县营商办退回", waiting, StringComparison.Ordinal);

        var work = await unit.GetHtmlAsync("/my-work");
        Assert.Equal("被退回：缺少盖章件。", ReasonsOf(work, returned)[0]);
        Assert.Contains("待回复批示 1 条", ReasonsOf(work, instructed));
        Assert.Contains("逾期 3 天", ReasonsOf(work, overdue));
        Assert.Contains("5 天后到期", ReasonsOf(work, dueSoon));
        Assert.Contains("40 天未报送", ReasonsOf(work, stale));
        Assert.DoesNotContain("即将到期、进展滞后或长期未报送", work, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheMenuCountsTakeAFixedNumberOfQueriesWhateverTheData()
    {
        var unit = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Unit, Lead));
        var few = await CommandsForAsync(unit, "/account/password");
        await portal.WithDbAsync(async db =>
        {
            var problems = await db.Problems.Where(p => p.ResponsibleUnit!.Name == Lead).Select(p => new { p.Id, p.IndicatorId }).ToListAsync();
            foreach (var p in problems)
            {
                for (var i = 0; i < 20; i++)
                {
                    db.Instructions.Add(Linze.BizEnv.Web.Domain.Rectification.Instruction.Write(p.IndicatorId, p.Id, "批示" + i, "领导"));
                }
            }

            return await db.SaveChangesAsync();
        });
        for (var i = 0; i < 30; i++)
        {
            await portal.NewProblemAsync();
        }

        Assert.Equal(few, await CommandsForAsync(unit, "/account/password"));
    }

    private async Task<int> CommandsForAsync(WebSession session, string url)
    {
        var before = portal.Commands.Count;
        await session.GetHtmlAsync(url);
        return portal.Commands.Count - before;
    }

    /// <summary>The reasons shown on 我的工作 for one problem.</summary>
    private static List<string> ReasonsOf(string html, int problemId)
    {
        var item = Regex.Match(html, $"href=\"/problems/{problemId}\"(.*?)</a>", RegexOptions.Singleline);
        Assert.True(item.Success, $"problem {problemId} is not on 我的工作");
        return [.. ReasonPattern().Matches(item.Groups[1].Value).Select(m => HtmlPage.Text(m.Groups[1].Value))];
    }

    [GeneratedRegex("<span class=\"badge work-reason[^\"]*\">(.*?)</span>", RegexOptions.Singleline)]
    private static partial Regex ReasonPattern();
}
