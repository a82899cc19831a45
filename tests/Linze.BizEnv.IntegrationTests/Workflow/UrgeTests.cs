using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Domain.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.IntegrationTests.Workflow;

/// <summary>催办 on a problem, and the 督办 level an overdue problem carries.</summary>
public class UrgeTests(BizEnvFactory portal) : IClassFixture<BizEnvFactory>
{
    private const string ResponsibleUnit = "县市场监管局";

    private async Task<WebSession> UnitAsync() => await portal.SignInAsync(await portal.CreateUserAsync(Roles.Unit, ResponsibleUnit));

    private async Task<WebSession> AdminAsync() => await portal.SignInAsync(await portal.CreateUserAsync(Roles.Admin));

    private static int Badge(string html) =>
        Regex.Match(html, "id=\"my-work-count\">(\\d+)<") is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;

    private Task<int> UrgesAsync(int id) => portal.WithDbAsync(db => db.Urges.CountAsync(u => u.ProblemId == id));

    private Task<int> UrgeNoticesAsync(int id) => portal.WithDbAsync(db => db.Notifications.CountAsync(n => n.ProblemId == id && n.Kind == NotificationKind.Urge));

    private static Task<HttpResponseMessage> UrgeAsync(WebSession session, int id, string text) =>
        session.PostFormAsync($"/problems/{id}", $"/problems/{id}/urge", new() { ["text"] = text });

    [Fact]
    public async Task AnUrgeLeadsTheUnitsWorkAndCountsInItsBadgeUntilTheUnitAnswersWithProgress()
    {
        var id = await portal.NewProblemAsync();
        var unit = await UnitAsync();
        var badgeBefore = Badge(await unit.GetHtmlAsync("/lists"));

        using var urged = await UrgeAsync(await AdminAsync(), id, "请三日内报送整改进展。");

        Assert.Equal(HttpStatusCode.Redirect, urged.StatusCode);
        var urge = await portal.WithDbAsync(db => db.Urges.AsNoTracking().SingleAsync(u => u.ProblemId == id));
        Assert.Equal("请三日内报送整改进展。", urge.Text);
        Assert.Equal((await portal.ProblemAsync(id)).ResponsibleUnitId, urge.UnitId);
        Assert.Null(urge.AnsweredByEntryId);
        var notice = await portal.WithDbAsync(db => db.Notifications.AsNoTracking().Include(n => n.Recipients).SingleAsync(n => n.ProblemId == id && n.Kind == NotificationKind.Urge));
        Assert.EndsWith("被催办", notice.Title, StringComparison.Ordinal);
        Assert.NotEmpty(notice.Recipients);
        Assert.True(await portal.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.EntityType == "Urge" && a.EntityKey == urge.Id.ToString(CultureInfo.InvariantCulture))));

        var work = await unit.GetHtmlAsync("/my-work");
        var top = work.IndexOf("open-urge", StringComparison.Ordinal);
        Assert.True(top >= 0 && top < work.IndexOf("id=\"work-items\"", StringComparison.Ordinal), "the 催办 is above the work list");
        Assert.Contains("请三日内报送整改进展。", work, StringComparison.Ordinal);
        Assert.Contains("被催办 1 次，待回复", work, StringComparison.Ordinal);
        Assert.Equal(badgeBefore + 1, Badge(work));
        var page = new HtmlPage(HttpStatusCode.OK, await unit.GetHtmlAsync($"/problems/{id}"));
        Assert.Contains("催办（待回复）", page.Section("timeline", "</ol>"), StringComparison.Ordinal);
        Assert.Contains("open-urge", page.Html, StringComparison.Ordinal);

        using var answered = await unit.PostFormAsync($"/problems/{id}", $"/problems/{id}/entries", new() { ["Text"] = "已按催办要求推进。", ["PercentComplete"] = "40" });

        Assert.Equal(HttpStatusCode.Redirect, answered.StatusCode);
        urge = await portal.WithDbAsync(db => db.Urges.AsNoTracking().SingleAsync(u => u.ProblemId == id));
        Assert.NotNull(urge.AnsweredByEntryId);
        Assert.NotNull(urge.AnsweredAtUtc);
        work = await unit.GetHtmlAsync("/my-work");
        Assert.DoesNotContain("请三日内报送整改进展。", work, StringComparison.Ordinal);
        Assert.Equal(badgeBefore, Badge(work));
        Assert.Contains("催办（已回复）", new HtmlPage(HttpStatusCode.OK, await unit.GetHtmlAsync($"/problems/{id}")).Section("timeline", "</ol>"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASecondUrgeOnTheSameBeijingDayIsRefusedInChineseAndWritesNothing()
    {
        var id = await portal.NewProblemAsync();
        var admin = await AdminAsync();
        using var first = await UrgeAsync(admin, id, "第一次催办。");
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);

        using var again = await UrgeAsync(await portal.LeaderOfAsync(1), id, "第二次催办。");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
        Assert.Contains("今天已经催办过", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await UrgesAsync(id));
        Assert.Equal(1, await UrgeNoticesAsync(id));

        portal.Clock.Advance(TimeSpan.FromDays(1));
        using var nextDay = await UrgeAsync(await AdminAsync(), id, "次日再次催办。"); // signed in again: a day idle ends a session
        Assert.Equal(HttpStatusCode.Redirect, nextDay.StatusCode);
        Assert.Equal(2, await UrgesAsync(id));
    }

    [Fact]
    public async Task OnlyTheIndicatorsLeaderAndAdminsMayUrgeAndSeeTheForm()
    {
        var id = await portal.NewProblemAsync();
        var page = $"/problems/{id}";
        var ownLeader = await portal.LeaderOfAsync(1);
        var otherLeader = await portal.LeaderOfAsync(7);

        Assert.DoesNotContain("id=\"urge-form\"", await otherLeader.GetHtmlAsync(page), StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"urge-form\"", await (await UnitAsync()).GetHtmlAsync(page), StringComparison.Ordinal);
        foreach (var refused in new[] { otherLeader, await UnitAsync(), await portal.SignInAsync(await portal.CreateUserAsync(Roles.Viewer)) })
        {
            using var response = await refused.PostFormAsync("/lists", $"{page}/urge", new() { ["text"] = "无权催办。" });
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }

        Assert.Equal(0, await UrgesAsync(id));
        Assert.Contains("id=\"urge-form\"", await ownLeader.GetHtmlAsync(page), StringComparison.Ordinal);
        using var allowed = await UrgeAsync(ownLeader, id, "请加快推进。");
        Assert.Equal(HttpStatusCode.Redirect, allowed.StatusCode);
        Assert.Equal(1, await UrgesAsync(id));
    }

    [Theory]
    [InlineData("", "催办内容不能为空")]
    [InlineData("   ", "催办内容不能为空")]
    public async Task AnEmptyOrOverLongUrgeIsRefusedInChineseAndKeptForCorrection(string text, string message)
    {
        var id = await portal.NewProblemAsync();
        var admin = await AdminAsync();

        using var empty = await UrgeAsync(admin, id, text);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, empty.StatusCode);
        Assert.Contains(message, await empty.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var overLong = new string('催', 200) + "超出";
        using var tooLong = await UrgeAsync(admin, id, overLong);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooLong.StatusCode);
        var html = await tooLong.Content.ReadAsStringAsync();
        Assert.Contains("不能超过 200 个字", html, StringComparison.Ordinal);
        Assert.Contains("超出", new HtmlPage(tooLong.StatusCode, html).Section("urge-form", "</form>"), StringComparison.Ordinal);
        Assert.Equal(0, await UrgesAsync(id));
        Assert.Equal(0, await UrgeNoticesAsync(id));
    }

    [Theory]
    [InlineData(-3, "蓝色督办")]
    [InlineData(-10, "黄色督办")]
    [InlineData(-31, "红色督办")]
    public async Task AnOverdueProblemShowsItsUrgeLevelOnItsPageAndInTheUnitsWork(int dueInDays, string level)
    {
        var id = await portal.NewProblemAsync();
        var today = ChinaTime.Today(portal.Clock);
        await portal.WithDbAsync(async db =>
        {
            var problem = await db.Problems.SingleAsync(p => p.Id == id);
            problem.SetSchedule(today.AddDays(dueInDays), today.AddDays(-100), problem.ResponsibleUnitId);
            return await db.SaveChangesAsync();
        });
        var unit = await UnitAsync();

        Assert.Equal(level, HtmlPage.Text(new HtmlPage(HttpStatusCode.OK, await unit.GetHtmlAsync($"/problems/{id}")).Section("urge-level", "</span>")));
        var work = await unit.GetHtmlAsync("/my-work");
        var item = work[work.IndexOf($"/problems/{id}\"", StringComparison.Ordinal)..];
        Assert.Contains(level, item[..item.IndexOf("</a>", StringComparison.Ordinal)], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABidiOverrideTypedIntoAnUrgeIsDroppedSoTheTextReadsAsWritten()
    {
        var id = await portal.NewProblemAsync();

        using var urged = await UrgeAsync(await AdminAsync(), id, "\u202E请尽快报送\u202C");

        Assert.Equal(HttpStatusCode.Redirect, urged.StatusCode);
        Assert.Equal("请尽快报送", await portal.WithDbAsync(db => db.Urges.Where(u => u.ProblemId == id).Select(u => u.Text).SingleAsync()));
    }

    [Fact]
    public async Task AProblemNotOverdueHasNoUrgeLevel()
    {
        var id = await portal.NewProblemAsync();

        Assert.DoesNotContain("id=\"urge-level\"", await (await UnitAsync()).GetHtmlAsync($"/problems/{id}"), StringComparison.Ordinal);
    }
}

/// <summary>Two 催办 on one problem racing on the same day: the check before the write passes for both.</summary>
public class UrgeRaceTests(RacingPortal portal) : IClassFixture<RacingPortal>
{
    [Fact]
    public async Task TheLaterOfTwoRacingUrgesIsRefusedInChineseAndLeavesOneUrgeAndOneMessage()
    {
        var id = await portal.NewProblemAsync();
        var admin = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Admin));
        portal.Hook.Arm(() => portal.WithWorkflowAsync(async workflow =>
        {
            await workflow.UrgeAsync((await workflow.FindProblemAsync(id))!, "抢先一步的催办。", new("racer", "周延年", null));
            return true;
        }));

        using var late = await admin.PostFormAsync($"/problems/{id}", $"/problems/{id}/urge", new() { ["text"] = "稍晚的催办。" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, late.StatusCode);
        Assert.Contains("今天已经催办过", await late.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(["抢先一步的催办。"], await portal.WithDbAsync(db => db.Urges.Where(u => u.ProblemId == id).Select(u => u.Text).ToListAsync()));
        Assert.Equal(1, await portal.WithDbAsync(db => db.Notifications.CountAsync(n => n.ProblemId == id && n.Kind == NotificationKind.Urge)));
    }
}
