using System.Net;
using DocumentFormat.OpenXml.Packaging;
using Linze.BizEnv.IntegrationTests.Workflow;
using Linze.BizEnv.Web.Documents;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Domain.Notifications;
using Linze.BizEnv.Web.Workflow;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Linze.BizEnv.IntegrationTests.Features.Documents;

/// <summary>督办通知单: issued by the county office, numbered without gaps, kept as issued, in the timeline, sent to the unit.</summary>
public class NoticeTests(BizEnvFactory portal) : IClassFixture<BizEnvFactory>
{
    private const string UnitName = "县市场监管局";

    private string ReplyBy(int days = 7) => ChinaTime.FormatDate(ChinaTime.Today(portal.Clock).AddDays(days));

    private static Task<HttpResponseMessage> IssueAsync(WebSession session, int problemId, string replyBy, Guid? key = null) =>
        session.PostFormAsync($"/problems/{problemId}", $"/problems/{problemId}/notice",
            new() { ["replyBy"] = replyBy, ["submissionKey"] = (key ?? Guid.NewGuid()).ToString() });

    private Task<List<int>> NumbersAsync() => portal.WithDbAsync(db =>
        db.SupervisionNotices.Where(n => n.Year == ChinaTime.Today(portal.Clock).Year).OrderBy(n => n.Number).Select(n => n.Number).ToListAsync());

    internal static string Text(byte[] docx)
    {
        using var document = WordprocessingDocument.Open(new MemoryStream(docx), false);
        return document.MainDocumentPart!.Document.Body!.InnerText;
    }

    [Fact]
    public async Task AnAdminIssuesANumberedNoticeThatTheTimelineShowsTheUnitIsToldOfAndOnlyItMayOpen()
    {
        var problemId = await portal.NewProblemAsync();
        var admin = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Admin));
        Assert.Contains("id=\"notice-form\"", await admin.GetHtmlAsync($"/problems/{problemId}"), StringComparison.Ordinal);
        var before = await NumbersAsync();
        var key = Guid.NewGuid();

        using var issued = await IssueAsync(admin, problemId, ReplyBy(), key);

        Assert.Equal(HttpStatusCode.Redirect, issued.StatusCode);
        var notice = await portal.WithDbAsync(db => db.SupervisionNotices.AsNoTracking().Include(n => n.Problems).SingleAsync(n => n.Problems.Any(p => p.ProblemId == problemId)));
        var year = ChinaTime.Today(portal.Clock).Year;
        Assert.Equal(before.Count + 1, notice.Number);
        Assert.Equal($"临营商督〔{year}〕{notice.Number}号", notice.DocumentNumber);
        var text = Text(notice.Content);
        Assert.Contains(notice.DocumentNumber, text, StringComparison.Ordinal);
        Assert.Contains($"{UnitName}：", text, StringComparison.Ordinal);
        Assert.Contains(DocumentParts.ChineseDate(ChinaTime.Today(portal.Clock).AddDays(7)) + "前", text, StringComparison.Ordinal);

        var page = await admin.GetHtmlAsync($"/problems/{problemId}");
        Assert.Contains($"已印发督办通知单 {notice.DocumentNumber}", page, StringComparison.Ordinal);
        Assert.Contains($"督办通知单 {notice.DocumentNumber}", HtmlPage.Text(new HtmlPage(HttpStatusCode.OK, page).Section("timeline", "</ol>")), StringComparison.Ordinal);
        Assert.Contains($"/notices/{notice.Id}.docx", page, StringComparison.Ordinal);

        var unitId = await portal.WithDbAsync(db => db.Units.Where(u => u.Name == UnitName).Select(u => u.Id).SingleAsync());
        var message = await portal.WithDbAsync(db => db.Notifications.AsNoTracking().Include(n => n.Recipients)
            .SingleAsync(n => n.Kind == NotificationKind.SupervisionNotice && n.ProblemId == problemId));
        Assert.Equal(unitId, message.UnitId);
        Assert.Contains(notice.DocumentNumber, message.Title, StringComparison.Ordinal);
        Assert.Equal($"/problems/{problemId}", message.Link);

        // The same form sent twice issues one notice.
        using var twice = await IssueAsync(admin, problemId, ReplyBy(), key);
        Assert.Equal(HttpStatusCode.Redirect, twice.StatusCode);
        Assert.Equal(before.Count + 1, (await NumbersAsync()).Count);

        using var asAdmin = await admin.GetAsync($"/notices/{notice.Id}.docx");
        Assert.Equal(HttpStatusCode.OK, asAdmin.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", asAdmin.Content.Headers.ContentType!.MediaType);
        Assert.Equal(notice.Content, await asAdmin.Content.ReadAsByteArrayAsync());
        Assert.Equal("no-store", asAdmin.Headers.CacheControl!.ToString());

        var unit = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Unit, UnitName));
        using var asUnit = await unit.GetAsync($"/notices/{notice.Id}.docx");
        Assert.Equal(HttpStatusCode.OK, asUnit.StatusCode);
        Assert.Contains($"/notices/{notice.Id}.docx", await unit.GetHtmlAsync($"/problems/{problemId}"), StringComparison.Ordinal);

        var other = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Unit, "县法院"));
        using var asOther = await other.GetAsync($"/notices/{notice.Id}.docx");
        Assert.Equal(HttpStatusCode.Forbidden, asOther.StatusCode);
        var seenByOther = await other.GetHtmlAsync($"/problems/{problemId}");
        Assert.Contains($"督办通知单 {notice.DocumentNumber}", seenByOther, StringComparison.Ordinal);
        Assert.DoesNotContain($"/notices/{notice.Id}.docx", seenByOther, StringComparison.Ordinal);
        // As PDF, through LibreOffice (the test command installs it).
        using var asPdf = await unit.GetAsync($"/notices/{notice.Id}.pdf");
        Assert.Equal(HttpStatusCode.OK, asPdf.StatusCode);
        Assert.Equal("application/pdf", asPdf.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString((await asPdf.Content.ReadAsByteArrayAsync())[..4]), StringComparison.Ordinal);
        using var missing = await admin.GetAsync("/notices/999999.docx");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task UnitsLeadersAndViewersMayNotIssueAndSeeNoForm()
    {
        var problemId = await portal.NewProblemAsync();
        var before = await NumbersAsync();
        foreach (var session in new[]
        {
            await portal.SignInAsync(await portal.CreateUserAsync(Roles.Unit, UnitName)),
            await portal.LeaderOfAsync(1),
            await portal.SignInAsync(await portal.CreateUserAsync(Roles.Viewer)),
        })
        {
            Assert.DoesNotContain("id=\"notice-form\"", await session.GetHtmlAsync($"/problems/{problemId}"), StringComparison.Ordinal);
            using var response = await IssueAsync(session, problemId, ReplyBy());
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }

        Assert.Equal(before, await NumbersAsync());
    }

    [Theory]
    [InlineData(0, "回复期限须在明天到 90 天以内")]
    [InlineData(91, "回复期限须在明天到 90 天以内")]
    public async Task AReplyDateOutsideTomorrowToNinetyDaysIsRefusedInChineseAndIssuesNothing(int days, string says)
    {
        var problemId = await portal.NewProblemAsync();
        var admin = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Admin));
        var before = await NumbersAsync();

        using var refused = await IssueAsync(admin, problemId, ReplyBy(days));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains(says, html, StringComparison.Ordinal);
        Assert.Contains($"value=\"{ReplyBy(days)}\"", new HtmlPage(refused.StatusCode, html).Section("notice-form", "</form>"), StringComparison.Ordinal);
        Assert.Equal(before, await NumbersAsync());
    }

    [Fact]
    public async Task NoticesIssuedAtOnceTakeConsecutiveNumbersWithoutGapsOrRepeats()
    {
        const int Notices = 16;
        var problems = new List<int>();
        for (var i = 0; i < Notices; i++)
        {
            problems.Add(await portal.NewProblemAsync());
        }

        var before = await NumbersAsync();
        using var start = new ManualResetEventSlim();
        var issued = await Task.WhenAll(Enumerable.Range(0, Notices).Select(i => Task.Run(async () =>
        {
            await using var scope = portal.Services.CreateAsyncScope();
            var issuer = scope.ServiceProvider.GetRequiredService<NoticeIssuer>();
            start.Wait();
            return (await issuer.IssueForProblemAsync(problems[i], null, new Writer("race", "并发测试", null))).Number;
        })).Append(Task.Run(() => { start.Set(); return 0; })));

        var numbers = await NumbersAsync();
        Assert.Equal(Enumerable.Range(1, before.Count + Notices), numbers);
        Assert.Equal(Notices, issued.Where(n => n > 0).Distinct().Count());
    }

    [Fact]
    public async Task AProblemGetsOneNoticeADayAGreenProblemNoneAndAFormIsNotReusedForAnother()
    {
        var admin = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Admin));
        var problemId = await portal.NewProblemAsync();
        var key = Guid.NewGuid();
        using (var first = await IssueAsync(admin, problemId, ReplyBy(), key))
        {
            Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        }

        var before = await NumbersAsync();
        using var again = await IssueAsync(admin, problemId, ReplyBy());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
        Assert.Contains("今天已印发过督办通知单", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The first form's key sent for another problem: refused, not reported as done.
        var other = await portal.NewProblemAsync();
        using var replayed = await IssueAsync(admin, other, ReplyBy(), key);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, replayed.StatusCode);
        Assert.Contains("该表单已用于印发另一份督办通知单", await replayed.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // A problem on track (green: due in 60 days, on pace) is urged, not sent a 公文.
        var green = await portal.NewProblemAsync();
        await portal.WithDbAsync(async db =>
        {
            var problem = await db.Problems.SingleAsync(p => p.Id == green);
            problem.SetSchedule(ChinaTime.Today(portal.Clock).AddDays(60), ChinaTime.Today(portal.Clock), problem.ResponsibleUnitId);
            return await db.SaveChangesAsync();
        });
        Assert.DoesNotContain("id=\"notice-form\"", await admin.GetHtmlAsync($"/problems/{green}"), StringComparison.Ordinal);
        using var onTrack = await IssueAsync(admin, green, ReplyBy());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, onTrack.StatusCode);
        Assert.Contains("无需印发督办通知单", await onTrack.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await NumbersAsync());

        // The next day it may be pressed again.
        portal.Clock.Advance(TimeSpan.FromDays(1));
        using var nextDay = await IssueAsync(admin, problemId, ReplyBy());
        Assert.Equal(HttpStatusCode.Redirect, nextDay.StatusCode);
    }

    [Fact]
    public async Task ANoticeOnAUnitCoversItsOverdueProblemsAndAUnitWithNoneIsNotPressed()
    {
        var late = await portal.OverdueProblemAsync(40);
        var lately = await portal.OverdueProblemAsync(3);
        var unitId = await portal.WithDbAsync(db => db.Units.Where(u => u.Name == UnitName).Select(u => u.Id).SingleAsync());
        var overdue = await portal.WithDbAsync(db => db.Problems
            .Where(p => p.ResponsibleUnitId == unitId && p.Status != Linze.BizEnv.Web.Domain.Rectification.ProblemStatus.Closed && p.DueDate < ChinaTime.Today(portal.Clock))
            .Select(p => p.Id).OrderBy(p => p).ToListAsync());
        Assert.Contains(late, overdue);
        var admin = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Admin));
        var card = HtmlPage.Text(new HtmlPage(HttpStatusCode.OK, await admin.GetHtmlAsync($"/units/{unitId}")).Section("unit-notice-form", "</p>"));
        Assert.Contains($"逾期未销号的 {overdue.Count} 个问题", card, StringComparison.Ordinal);

        using var issued = await admin.PostFormAsync($"/units/{unitId}", $"/units/{unitId}/notice", new() { ["replyBy"] = ReplyBy(), ["submissionKey"] = Guid.NewGuid().ToString() });

        Assert.Equal(HttpStatusCode.Redirect, issued.StatusCode);
        var notice = await portal.WithDbAsync(db => db.SupervisionNotices.AsNoTracking().Include(n => n.Problems).OrderByDescending(n => n.Id).FirstAsync());
        Assert.Equal(overdue, notice.Problems.Select(p => p.ProblemId).OrderBy(p => p));
        Assert.Equal(40, notice.Problems.Single(p => p.ProblemId == late).OverdueDays);
        Assert.Equal(Linze.BizEnv.Web.Domain.Rectification.UrgeLevel.Red, notice.Problems.Single(p => p.ProblemId == late).Level);
        Assert.Equal(Linze.BizEnv.Web.Domain.Rectification.UrgeLevel.Blue, notice.Problems.Single(p => p.ProblemId == lately).Level);
        var text = Text(notice.Content);
        Assert.Contains("红色督办", text, StringComparison.Ordinal);
        Assert.Contains("40天", text, StringComparison.Ordinal);
        Assert.Contains("/my-work", (await portal.WithDbAsync(db => db.Notifications.OrderByDescending(n => n.Id).FirstAsync(n => n.Kind == NotificationKind.SupervisionNotice))).Link);

        var calm = await portal.WithDbAsync(db => db.Units.Where(u => u.Name == "县法院").Select(u => u.Id).SingleAsync());
        Assert.Contains("id=\"unit-notice-none\"", await admin.GetHtmlAsync($"/units/{calm}"), StringComparison.Ordinal);
        var before = await NumbersAsync();
        using var refused = await admin.PostFormAsync($"/units/{calm}", $"/units/{calm}/notice", new() { ["replyBy"] = ReplyBy(), ["submissionKey"] = Guid.NewGuid().ToString() });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("没有逾期未销号的问题", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await NumbersAsync());
    }

    [Fact]
    public async Task TheRegisterListsNoticesForAdminsAndLeadersOnlyAndSearches()
    {
        var problemId = await portal.NewProblemAsync();
        var admin = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Admin));
        using (await IssueAsync(admin, problemId, ReplyBy()))
        {
        }

        var number = await portal.WithDbAsync(db => db.SupervisionNotices.OrderByDescending(n => n.Id).Select(n => n.DocumentNumber).FirstAsync());
        var leader = await portal.LeaderOfAsync(1);
        Assert.Contains(number, await leader.GetHtmlAsync("/notices"), StringComparison.Ordinal);
        Assert.Contains(number, await admin.GetHtmlAsync("/notices?q=" + Uri.EscapeDataString(UnitName)), StringComparison.Ordinal);
        Assert.Contains("没有找到", await admin.GetHtmlAsync("/notices?q=" + Uri.EscapeDataString("不存在的单位")), StringComparison.Ordinal);
        // A search cut at 50 keeps whole characters: an emoji across the limit showed as U+FFFD in the box (attack pass).
        var cut = await admin.GetHtmlAsync("/notices?q=" + Uri.EscapeDataString(new string('a', 49) + "😀😀"));
        Assert.Contains($"value=\"{new string('a', 49)}\"", cut, StringComparison.Ordinal);
        Assert.DoesNotContain("&#xFFFD;", cut, StringComparison.Ordinal);
        var unit = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Unit, UnitName));
        using var asUnit = await unit.GetAsync("/notices");
        Assert.Equal(HttpStatusCode.Forbidden, asUnit.StatusCode);
    }
}

/// <summary>A unit merged into another, or a problem a new version of the list leaves out, keeps its notices.</summary>
public class NoticeHistoryTests(BizEnvFactory portal) : IClassFixture<BizEnvFactory>
{
    [Fact]
    public async Task AMergedUnitsNoticesMoveToTheUnitKeptAndStayAsIssued()
    {
        var problemId = await portal.NewProblemAsync();
        var (merged, kept) = await portal.WithDbAsync(async db =>
        {
            var a = db.Units.Add(new Unit { Name = "并入单位" + Guid.NewGuid().ToString("N")[..6] }).Entity;
            var b = db.Units.Add(new Unit { Name = "保留单位" + Guid.NewGuid().ToString("N")[..6] }).Entity;
            await db.SaveChangesAsync();
            var indicatorId = await db.Problems.Where(p => p.Id == problemId).Select(p => p.IndicatorId).SingleAsync();
            db.IndicatorUnits.Add(new IndicatorUnit { IndicatorId = indicatorId, UnitId = a.Id, Role = UnitRole.Member, SortOrder = 99 });
            await db.SaveChangesAsync();
            var problem = await db.Problems.Include(p => p.Indicator).ThenInclude(i => i.Units).SingleAsync(p => p.Id == problemId);
            problem.SetSchedule(problem.DueDate, problem.StartDate, a.Id);
            await db.SaveChangesAsync();
            return (a, b);
        });
        await using var scope = portal.Services.CreateAsyncScope();
        var notice = await scope.ServiceProvider.GetRequiredService<NoticeIssuer>().IssueForProblemAsync(problemId, null, new Writer("t", "测试", null));

        await scope.ServiceProvider.GetRequiredService<Linze.BizEnv.Web.Data.UnitMerger>().MergeAsync(kept.Id, merged.Id);

        var after = await portal.WithDbAsync(db => db.SupervisionNotices.AsNoTracking().SingleAsync(n => n.Id == notice.Id));
        Assert.Equal(kept.Id, after.UnitId);
        Assert.Contains(merged.Name, NoticeTests.Text(after.Content), StringComparison.Ordinal);
    }
}

/// <summary>The numbering starts again at 1 in a new year (its own portal: the clock moves a year).</summary>
public class NoticeYearTests(BizEnvFactory portal) : IClassFixture<BizEnvFactory>
{
    [Fact]
    public async Task TheFirstNoticeOfANewYearIsNumberOne()
    {
        var first = await portal.NewProblemAsync();
        var second = await portal.NewProblemAsync();
        async Task<string> IssueAsync(int problemId)
        {
            await using var scope = portal.Services.CreateAsyncScope();
            return (await scope.ServiceProvider.GetRequiredService<NoticeIssuer>().IssueForProblemAsync(problemId, null, new Writer("t", "测试", null))).DocumentNumber;
        }

        await IssueAsync(first);
        var year = ChinaTime.Today(portal.Clock).Year;
        Assert.Equal($"临营商督〔{year}〕2号", await IssueAsync(second));
        portal.Clock.Advance(TimeSpan.FromDays(366));
        Assert.Equal($"临营商督〔{year + 1}〕1号", await IssueAsync(first));
    }
}
