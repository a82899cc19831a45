using System.Net;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Domain.Notifications;
using Linze.BizEnv.Web.Domain.Rectification;
using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.IntegrationTests.Workflow;

/// <summary>催办 on a whole unit: each of its open problems is urged (at most once a day), with one message to the unit.</summary>
public class UnitUrgeTests(BizEnvFactory portal) : IClassFixture<BizEnvFactory>
{
    private const string UnitName = "县市场监管局";

    /// <summary>A fresh Beijing day, so that each test may urge as if nothing had been urged yet.</summary>
    private void NextDay() => portal.Clock.Advance(TimeSpan.FromDays(1));

    private Task<int> UnitIdAsync() => portal.WithDbAsync(db => db.Units.Where(u => u.Name == UnitName).Select(u => u.Id).SingleAsync());

    private Task<List<int>> OpenProblemsAsync(int unitId) =>
        portal.WithDbAsync(db => db.Problems.Where(p => p.ResponsibleUnitId == unitId && p.Status != ProblemStatus.Closed).Select(p => p.Id).OrderBy(p => p).ToListAsync());

    private Task<List<int>> UrgedAsync(string text) =>
        portal.WithDbAsync(db => db.Urges.Where(u => u.Text == text).Select(u => u.ProblemId).OrderBy(p => p).ToListAsync());

    private static Task<HttpResponseMessage> UrgeUnitAsync(WebSession session, int unitId, string text) =>
        session.PostFormAsync($"/units/{unitId}", $"/units/{unitId}/urge", new() { ["text"] = text });

    [Fact]
    public async Task AnAdminUrgesEveryOpenProblemOfTheUnitNotYetUrgedTodayWithOneMessage()
    {
        NextDay();
        var unitId = await UnitIdAsync();
        var urgedAlready = await portal.NewProblemAsync();
        var admin = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Admin));
        using var single = await admin.PostFormAsync($"/problems/{urgedAlready}", $"/problems/{urgedAlready}/urge", new() { ["text"] = "单独催办。" });
        Assert.Equal(HttpStatusCode.Redirect, single.StatusCode);
        var open = await OpenProblemsAsync(unitId);
        Assert.True(open.Count >= 2, "the unit answers for several open problems");
        var text = "请本周内报送各问题整改进展。" + Guid.NewGuid().ToString("N")[..6];
        var card = HtmlPage.Text(new HtmlPage(HttpStatusCode.OK, await admin.GetHtmlAsync($"/units/{unitId}")).Section("unit-urge-form", "</p>"));
        Assert.Contains($"将催办该单位的未销号问题 {open.Count} 项（其中 1 项今天已催办过，不再重复催办）。", card, StringComparison.Ordinal);
        var messagesBefore = await portal.WithDbAsync(db => db.Notifications.CountAsync(n => n.UnitId == unitId && n.Kind == NotificationKind.Urge));

        using var urged = await UrgeUnitAsync(admin, unitId, text);

        Assert.Equal(HttpStatusCode.Redirect, urged.StatusCode);
        Assert.Equal(open.Where(id => id != urgedAlready), await UrgedAsync(text));
        var notices = await portal.WithDbAsync(db => db.Notifications.AsNoTracking().Include(n => n.Recipients)
            .Where(n => n.UnitId == unitId && n.Kind == NotificationKind.Urge).OrderBy(n => n.Id).ToListAsync());
        Assert.Equal(messagesBefore + 1, notices.Count);
        var notice = notices[^1];
        Assert.Null(notice.ProblemId);
        Assert.Equal("/my-work", notice.Link);
        Assert.Contains(text, notice.Body, StringComparison.Ordinal);
        Assert.Contains($"被催办：{open.Count - 1} 项问题", notice.Title, StringComparison.Ordinal);
        var page = await admin.GetHtmlAsync($"/units/{unitId}");
        Assert.Contains($"已催办 {open.Count - 1} 项问题", page, StringComparison.Ordinal);
        Assert.Contains("1 项今天已催办过", page, StringComparison.Ordinal);

        var clerk = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Unit, UnitName));
        var work = await clerk.GetHtmlAsync("/my-work");
        Assert.Contains(text, work, StringComparison.Ordinal);

        using var again = await UrgeUnitAsync(admin, unitId, "再次催办。");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
        var refused = await again.Content.ReadAsStringAsync();
        Assert.Contains("今天都已催办过", refused, StringComparison.Ordinal);
        Assert.Contains("再次催办。", new HtmlPage(again.StatusCode, refused).Section("unit-urge-form", "</form>"), StringComparison.Ordinal);
        Assert.Empty(await UrgedAsync("再次催办。"));
        Assert.Equal(messagesBefore + 1, await portal.WithDbAsync(db => db.Notifications.CountAsync(n => n.UnitId == unitId && n.Kind == NotificationKind.Urge)));
    }

    [Fact]
    public async Task ALeaderUrgesOnlyTheUnitsProblemsOnTheIndicatorsTheyLead()
    {
        NextDay();
        var unitId = await UnitIdAsync();
        var own = await portal.NewProblemAsync(1);
        var (otherIndicator, leaderOfOne) = await portal.WithDbAsync(async db =>
        {
            var leader = await db.Indicators.Where(i => i.Number == 1).Select(i => i.LeaderId).SingleAsync();
            return (await db.Indicators.Where(i => i.LeaderId != leader && i.LeaderId != null && i.Units.Any(u => u.UnitId == unitId))
                .Select(i => i.Number).FirstAsync(), leader);
        });
        var elsewhere = await portal.NewProblemAsync(otherIndicator);
        await portal.WithDbAsync(async db =>
        {
            var problem = await db.Problems.Include(p => p.Indicator).ThenInclude(i => i.Units).SingleAsync(p => p.Id == elsewhere);
            problem.SetSchedule(problem.DueDate, problem.StartDate, unitId);
            return await db.SaveChangesAsync();
        });
        var expected = await portal.WithDbAsync(db => db.Problems
            .Where(p => p.ResponsibleUnitId == unitId && p.Status != ProblemStatus.Closed && p.Indicator.LeaderId == leaderOfOne)
            .Select(p => p.Id).OrderBy(p => p).ToListAsync());
        Assert.Contains(own, expected);

        var leader = await portal.LeaderOfAsync(1);
        Assert.Contains("id=\"unit-urge-form\"", await leader.GetHtmlAsync($"/units/{unitId}"), StringComparison.Ordinal);
        var text = "请加快推进分管指标的整改。" + Guid.NewGuid().ToString("N")[..6];
        using var urged = await UrgeUnitAsync(leader, unitId, text);

        Assert.Equal(HttpStatusCode.Redirect, urged.StatusCode);
        Assert.Equal(expected, await UrgedAsync(text));
        Assert.DoesNotContain(elsewhere, await UrgedAsync(text));
    }

    [Fact]
    public async Task UnitsViewersAndLeadersWithoutProblemsThereMayNotUrgeTheUnit()
    {
        NextDay();
        var unitId = await UnitIdAsync();
        var unrelated = await portal.WithDbAsync(db => db.Indicators
            .Where(i => i.LeaderId != null && !db.Problems.Any(p => p.ResponsibleUnitId == unitId && p.Status != ProblemStatus.Closed && p.Indicator.LeaderId == i.LeaderId))
            .Select(i => i.Number).FirstAsync());
        var sessions = new[]
        {
            await portal.SignInAsync(await portal.CreateUserAsync(Roles.Unit, UnitName)),
            await portal.SignInAsync(await portal.CreateUserAsync(Roles.Viewer)),
            await portal.LeaderOfAsync(unrelated),
        };
        var text = "无权催办。" + Guid.NewGuid().ToString("N")[..6];

        foreach (var session in sessions)
        {
            Assert.DoesNotContain("id=\"unit-urge-form\"", await session.GetHtmlAsync($"/units/{unitId}"), StringComparison.Ordinal);
            using var response = await UrgeUnitAsync(session, unitId, text);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }

        Assert.Empty(await UrgedAsync(text));
    }

    [Theory]
    [InlineData("", "催办内容不能为空")]
    [InlineData("超长", "不能超过 200 个字")]
    public async Task AnEmptyOrOverLongUnitUrgeIsRefusedInChineseAndWritesNothing(string text, string message)
    {
        NextDay();
        var unitId = await UnitIdAsync();
        var before = await portal.WithDbAsync(db => db.Urges.CountAsync());
        var admin = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Admin));

        using var response = await UrgeUnitAsync(admin, unitId, text == "超长" ? new string('催', 201) : text);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await portal.WithDbAsync(db => db.Urges.CountAsync()));
    }

    [Fact]
    public async Task UrgingAnUnknownUnitIsNotFound()
    {
        var admin = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Admin));
        using var response = await admin.PostFormAsync("/units", "/units/999999/urge", new() { ["text"] = "催办。" });
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
