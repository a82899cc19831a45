using System.Net;
using System.Text;
using Linze.BizEnv.IntegrationTests.Workflow;
using Linze.BizEnv.Web.Authorization;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Domain.Rectification;
using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.IntegrationTests.Features.Security;

/// <summary>Bad requests, found by attacking the portal and scanning it, each answered by a Chinese 4xx page that says what to do.</summary>
public class BadRequestTests(BizEnvFactory portal) : IClassFixture<BizEnvFactory>
{
    private const string ResponsibleUnit = "县市场监管局";

    private async Task<WebSession> UnitAsync() => await portal.SignInAsync(await portal.CreateUserAsync(Roles.Unit, ResponsibleUnit));

    private async Task<WebSession> AdminAsync() => await portal.SignInAsync(await portal.CreateUserAsync(Roles.Admin));

    private Task<int> EntryCountAsync(int problemId) => portal.WithDbAsync(db => db.ProgressEntries.CountAsync(e => e.ProblemId == problemId));

    private string Today => ChinaTime.Today(portal.Clock).ToString("yyyy-MM-dd");

    [Fact]
    public async Task APostWithoutAValidAntiforgeryTokenGetsAChinesePageSayingToReload()
    {
        var session = await UnitAsync();
        var id = await portal.NewProblemAsync();

        using var response = await session.PostWithoutTokenAsync($"/problems/{id}/entries", new() { ["Text"] = "无令牌" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = new HtmlPage(response.StatusCode, await response.Content.ReadAsStringAsync());
        Assert.Equal("页面已过期", page.H1);
        Assert.Contains("刷新页面", page.Html, StringComparison.Ordinal);
        Assert.Equal(0, await EntryCountAsync(id));
    }

    [Fact]
    public async Task AFormWithANulCharacterIsRefusedAsUnreadableNotAsTooLarge()
    {
        var id = await portal.NewProblemAsync();
        var session = await UnitAsync();

        using var response = await session.PostFormAsync($"/problems/{id}", $"/problems/{id}/entries", new() { ["Text"] = "a\0b", ["Date"] = Today });

        Assert.Equal(0, await EntryCountAsync(id));
        Assert.InRange((int)response.StatusCode, 400, 499);
        Assert.NotEqual(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Matches("[\\u4e00-\\u9fff]", new HtmlPage(response.StatusCode, await response.Content.ReadAsStringAsync()).H1);
    }

    [Fact]
    public async Task AFormPostedAfterTheSessionEndedLeadsBackToItsPageNotToA405()
    {
        var id = await portal.NewProblemAsync();
        var anonymous = new WebSession(portal.CreateBareClient());
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/problems/{id}/entries", UriKind.Relative))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["Text"] = "会话过期后提交" }),
        };
        request.Headers.Referrer = new Uri(anonymous.Client.BaseAddress!, $"/problems/{id}");

        using var response = await anonymous.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var login = response.Headers.Location!.PathAndQuery;
        Assert.Equal($"/account/login?ReturnUrl=%2Fproblems%2F{id}&expired=1", login);
        Assert.Contains("刚才提交的内容未能保存", await anonymous.GetHtmlAsync(login), StringComparison.Ordinal);
        var user = await portal.CreateUserAsync(Roles.Unit, ResponsibleUnit);
        using var signedIn = await anonymous.PostFormAsync(login, login, new() { ["UserName"] = user, ["Password"] = BizEnvFactory.UserPassword, ["ReturnUrl"] = $"/problems/{id}" });
        Assert.Equal($"/problems/{id}", signedIn.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task ControlCharactersSentInAMultipartFormAreNotStored()
    {
        var id = await portal.NewProblemAsync();
        var session = await UnitAsync();

        using var response = await session.PostMultipartAsync($"/problems/{id}", $"/problems/{id}/entries", new() { ["Text"] = "第一行\r\n第二\0行\u0007", ["Date"] = Today });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        // Line breaks are stored as \n (PlainText.WithoutControls): a browser sends CRLF but counts one character.
        Assert.Equal("第一行\n第二行", await portal.WithDbAsync(db => db.ProgressEntries.Where(e => e.ProblemId == id).Select(e => e.Text).SingleAsync()));
    }

    [Fact]
    public async Task AnUploadOverTheLimitGetsAChinesePageNamingTheLimit()
    {
        var admin = await AdminAsync();
        using var response = await admin.PostFilesAsync("/admin/import", "/admin/import", "file", [], ("大文件.xlsx", new byte[12 * 1024 * 1024]));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("提交的内容过大", html, StringComparison.Ordinal);
        Assert.Contains("MB", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/error")]
    [InlineData("/error/500")]
    [InlineData("/error/403")]
    public async Task TheErrorPagesRequestedDirectlyAreNotThere(string url)
    {
        using var response = await portal.CreateBareClient().GetAsync(new Uri(url, UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("页面不存在", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFormFieldNamedIdDoesNotRedirectTheWriteToAnotherProblem()
    {
        var target = await portal.NewProblemAsync();
        var other = await portal.NewProblemAsync();
        var session = await UnitAsync();

        await session.PostMultipartAsync($"/problems/{target}", $"/problems/{target}/entries",
            new() { ["Text"] = "路由里的问题", ["PercentComplete"] = "10", ["Date"] = Today, ["id"] = other.ToString(System.Globalization.CultureInfo.InvariantCulture) });

        Assert.Equal(1, await EntryCountAsync(target));
        Assert.Equal(0, await EntryCountAsync(other));
    }

    [Theory]
    [InlineData("PercentComplete", "abc", "完成进度")]
    [InlineData("PercentComplete", "101", "完成进度")]
    [InlineData("Date", "2022-02-30", "进展日期")]
    [InlineData("Date", "not-a-date", "进展日期")]
    [InlineData("Date", "1899-12-31", "进展日期")]
    public async Task AWrongTypedValueIsRefusedNamingTheFieldAndTheTextIsKept(string field, string value, string named)
    {
        var id = await portal.NewProblemAsync();
        var session = await UnitAsync();
        var form = new Dictionary<string, string> { ["Text"] = "类型错误的进展", ["PercentComplete"] = "10", ["Date"] = Today, [field] = value };

        using var response = await session.PostMultipartAsync($"/problems/{id}", $"/problems/{id}/entries", form);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains(named, HtmlPage.Text(new HtmlPage(response.StatusCode, html).Section("workflow-error", "</div>")), StringComparison.Ordinal);
        Assert.Contains("类型错误的进展", html, StringComparison.Ordinal);
        Assert.Equal(0, await EntryCountAsync(id));
    }

    [Fact]
    public async Task OverLongReasonsAreRefusedWithTheFieldNamedAndNothingIsStored()
    {
        var id = await portal.NewProblemAsync();
        var page = $"/problems/{id}";
        var unit = await UnitAsync();
        var longReason = new string('延', 1001);

        using var extension = await unit.PostFormAsync(page, $"{page}/extension", new() { ["newDueDate"] = "2099-12-31", ["reason"] = longReason });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, extension.StatusCode);
        Assert.Contains("延期理由不能超过 1000 个字", await extension.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty((await portal.ProblemAsync(id)).ExtensionRequests);

        await portal.SubmittedAsync(id);
        using var returned = await (await AdminAsync()).PostFormAsync(page, $"{page}/return", new() { ["reason"] = longReason });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, returned.StatusCode);
        Assert.Equal(ProblemStatus.SubmittedForClosure, (await portal.ProblemAsync(id)).Status);
    }

    [Fact]
    public async Task EvidenceFileNamesLoseControlAndBidiCharactersAndAreBounded()
    {
        var id = await portal.NewProblemAsync();
        var session = await UnitAsync();
        var name = "报告\r\n\u0000\u202Efdp.exe" + new string('长', 1000) + ".pdf";

        using var response = await session.PostMultipartAsync($"/problems/{id}", $"/problems/{id}/entries",
            new() { ["Text"] = "带文件的进展", ["PercentComplete"] = "10", ["Date"] = Today }, (name, Scenario.Pdf));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var stored = await portal.WithDbAsync(db => db.Evidence.Where(e => e.ProgressEntry.ProblemId == id).Select(e => e.FileName).SingleAsync());
        Assert.StartsWith("报告fdp.exe长", stored, StringComparison.Ordinal);
        Assert.EndsWith(".pdf", stored, StringComparison.Ordinal);
        Assert.True(stored.Length <= 200, $"{stored.Length} characters stored");
        Assert.DoesNotContain(stored, c => char.IsControl(c) || c is '\u202E');
    }

    [SqliteOnlyFact("the 100,000-character unit name can only be stored where column lengths are not enforced (SQLite); PostgreSQL refuses it")]
    public async Task AVeryLongNoticeNeverLocksTheBrowserOut()
    {
        var (keep, merge) = await portal.WithDbAsync(async db =>
        {
            var a = db.Units.Add(new Unit { Name = "保留" + Guid.NewGuid().ToString("N")[..6] }).Entity;
            var b = db.Units.Add(new Unit { Name = "合并" + new string('长', 100_000) }).Entity;
            await db.SaveChangesAsync();
            return (a.Id, b.Id);
        });
        var admin = await AdminAsync();

        using var merged = await admin.PostFormAsync("/units", "/units/merge", new() { ["keepId"] = keep.ToString(System.Globalization.CultureInfo.InvariantCulture), ["mergeId"] = merge.ToString(System.Globalization.CultureInfo.InvariantCulture) });

        var setCookie = merged.Headers.TryGetValues("Set-Cookie", out var values) ? values.ToList() : [];
        Assert.True(setCookie.Sum(c => c.Length) < 4096, $"{setCookie.Count} cookies, {setCookie.Sum(c => c.Length)} bytes");
        using var health = await admin.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using var units = await admin.GetAsync("/units");
        Assert.Equal(HttpStatusCode.OK, units.StatusCode);
    }

    [Fact]
    public async Task CreatingAccountsForEveryUnitCopesWithSpacesAndLongNames()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var spaced = $"县 空格 单位{suffix}";
        var longName = "县" + new string('长', 80) + suffix;
        await portal.WithDbAsync(async db =>
        {
            db.Units.AddRange(new Unit { Name = spaced }, new Unit { Name = longName });
            return await db.SaveChangesAsync();
        });

        using var response = await (await AdminAsync()).PostFormAsync("/admin/users", "/admin/users/create-for-units", []);

        // Back to the list, which offers the password slips (#14 item 12; the answer was the workbook itself).
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var accounts = await portal.WithDbAsync(db => db.Users.Where(u => u.Unit != null && (u.Unit.Name == spaced || u.Unit.Name == longName))
            .Select(u => new { u.UserName, u.DisplayName, Unit = u.Unit!.Name }).ToListAsync());
        Assert.Equal(2, accounts.Count);
        Assert.All(accounts, a => Assert.True(a.UserName!.Length <= 64 && !a.UserName.Any(char.IsWhiteSpace), a.UserName));
        // The account's 姓名 is its unit's name, cut to what a 姓名 holds (a server database refuses a longer one).
        Assert.Equal(FieldLengths.PersonName, accounts.Single(a => a.Unit == longName).DisplayName!.Length);
        Assert.StartsWith("县长长", accounts.Single(a => a.Unit == longName).DisplayName, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EntriesAreFrozenOnceSubmittedAndStayFrozenAfterClosure()
    {
        var id = await portal.NewProblemAsync();
        var page = $"/problems/{id}";
        var unit = await UnitAsync();
        await unit.PostMultipartAsync(page, $"{page}/entries", new() { ["Text"] = "已完成整改。", ["PercentComplete"] = "100", ["Date"] = Today }, ("证明.pdf", Scenario.Pdf));
        var entryId = await portal.WithDbAsync(db => db.ProgressEntries.Where(e => e.ProblemId == id).Select(e => e.Id).SingleAsync());
        await unit.PostFormAsync(page, $"{page}/submit", new() { ["note"] = "整改已完成。" });

        async Task AssertFrozenAsync()
        {
            using var edit = await unit.PostFormAsync(page, $"/entries/{entryId}/edit", new() { ["Text"] = "篡改", ["Date"] = "2000-01-01" });
            Assert.Equal(HttpStatusCode.UnprocessableEntity, edit.StatusCode);
            using var delete = await unit.PostFormAsync(page, $"/entries/{entryId}/delete", []);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, delete.StatusCode);
            var entry = await portal.WithDbAsync(db => db.ProgressEntries.Include(e => e.Evidence).SingleAsync(e => e.Id == entryId));
            Assert.Equal(("已完成整改。", 1), (entry.Text, entry.Evidence.Count));
        }

        await AssertFrozenAsync();
        await (await AdminAsync()).PostFormAsync(page, $"{page}/approve", []);
        Assert.Equal(ProblemStatus.Closed, (await portal.ProblemAsync(id)).Status);
        await AssertFrozenAsync();
    }

    [Fact]
    public async Task AReturnReopensOnlyTheEntriesWrittenSinceIt()
    {
        var id = await portal.NewProblemAsync();
        var page = $"/problems/{id}";
        var unit = await UnitAsync();
        await unit.PostMultipartAsync(page, $"{page}/entries", new() { ["Text"] = "第一次", ["PercentComplete"] = "100", ["Date"] = Today }, ("证明.pdf", Scenario.Pdf));
        await unit.PostFormAsync(page, $"{page}/submit", new() { ["note"] = "整改已完成。" });
        portal.Clock.Advance(TimeSpan.FromMinutes(1));
        await (await AdminAsync()).PostFormAsync(page, $"{page}/return", new() { ["reason"] = "请补充材料" });
        portal.Clock.Advance(TimeSpan.FromMinutes(1));
        await unit.PostMultipartAsync(page, $"{page}/entries", new() { ["Text"] = "第二次", ["PercentComplete"] = "100", ["Date"] = Today });
        var ids = await portal.WithDbAsync(db => db.ProgressEntries.Where(e => e.ProblemId == id).OrderBy(e => e.Id).Select(e => e.Id).ToListAsync());

        using var old = await unit.PostFormAsync(page, $"/entries/{ids[0]}/edit", new() { ["Text"] = "改第一次", ["Date"] = Today });
        using var fresh = await unit.PostFormAsync(page, $"/entries/{ids[1]}/edit", new() { ["Text"] = "改第二次", ["Date"] = Today });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, old.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, fresh.StatusCode);
    }

    [Theory]
    [InlineData("approve")]
    [InlineData("return")]
    public async Task AnEntryWrittenWhileUnderReviewIsFrozenByTheDecision(string decision)
    {
        var id = await portal.NewProblemAsync();
        var page = $"/problems/{id}";
        var unit = await UnitAsync();
        await unit.PostMultipartAsync(page, $"{page}/entries", new() { ["Text"] = "提交前", ["PercentComplete"] = "100", ["Date"] = Today }, ("证明.pdf", Scenario.Pdf));
        await unit.PostFormAsync(page, $"{page}/submit", new() { ["note"] = "整改已完成。" });
        portal.Clock.Advance(TimeSpan.FromMinutes(1));
        await unit.PostMultipartAsync(page, $"{page}/entries", new() { ["Text"] = "审核期间补充", ["Date"] = Today });
        var during = await portal.WithDbAsync(db => db.ProgressEntries.Where(e => e.ProblemId == id).MaxAsync(e => e.Id));
        portal.Clock.Advance(TimeSpan.FromMinutes(1));
        await (await AdminAsync()).PostFormAsync(page, $"{page}/{decision}", new() { ["reason"] = "请补充材料" });

        using var form = await unit.GetAsync($"/entries/{during}/edit");
        using var edit = await unit.PostFormAsync(page, $"/entries/{during}/edit", new() { ["Text"] = "决定后改写", ["Date"] = Today });
        using var delete = await unit.PostFormAsync(page, $"/entries/{during}/delete", []);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, form.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, edit.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, delete.StatusCode);
        Assert.Equal("审核期间补充", await portal.WithDbAsync(db => db.ProgressEntries.Where(e => e.Id == during).Select(e => e.Text).SingleAsync()));
    }

    [Fact]
    public async Task ALongHistoryIsPagedNewestFirst()
    {
        var id = await portal.NewProblemAsync();
        await portal.WithDbAsync(async db =>
        {
            var problem = await db.Problems.SingleAsync(p => p.Id == id);
            var start = portal.Clock.GetUtcNow().UtcDateTime.AddDays(-10);
            for (var i = 1; i <= 130; i++)
            {
                db.ProgressEntries.Add(new ProgressEntry
                {
                    IndicatorId = problem.IndicatorId, ProblemId = id, AuthorId = "x", AuthorName = "测试", Text = $"第{i}条进展。",
                    Date = ChinaTime.Today(portal.Clock), CreatedAtUtc = start.AddMinutes(i),
                });
            }

            return await db.SaveChangesAsync();
        });
        var viewer = await portal.ViewerClientAsync();

        var first = await HtmlPage.GetAsync(viewer, $"/problems/{id}");
        var timeline = first.Section("timeline", "</ol>");
        Assert.Contains("第130条进展", timeline, StringComparison.Ordinal);
        Assert.DoesNotContain("第80条进展。", timeline, StringComparison.Ordinal);
        Assert.Contains("共 130 条记录", first.Html, StringComparison.Ordinal);
        Assert.Contains($"/problems/{id}?history=2", first.Html, StringComparison.Ordinal);

        var second = await HtmlPage.GetAsync(viewer, $"/problems/{id}?history=2");
        Assert.Contains("第80条进展。", second.Section("timeline", "</ol>"), StringComparison.Ordinal);
        Assert.True(second.Html.Length < first.Html.Length * 2);
    }

    [Fact]
    public async Task AnIndicatorsLongHistoryIsPagedToo()
    {
        var indicatorId = await portal.WithDbAsync(db => db.Indicators.Where(i => i.Number == 10).Select(i => i.Id).SingleAsync());
        await portal.WithDbAsync(async db =>
        {
            var start = portal.Clock.GetUtcNow().UtcDateTime.AddDays(-10);
            for (var i = 1; i <= 60; i++)
            {
                db.ProgressEntries.Add(new ProgressEntry
                {
                    IndicatorId = indicatorId, AuthorId = "x", AuthorName = "测试", Text = $"对标举措{i}号。",
                    Date = ChinaTime.Today(portal.Clock), CreatedAtUtc = start.AddMinutes(i),
                });
            }

            return await db.SaveChangesAsync();
        });
        var viewer = await portal.ViewerClientAsync();

        var first = await HtmlPage.GetAsync(viewer, $"/indicators/{indicatorId}");
        Assert.Contains("对标举措60号。", first.Section("timeline", "</ol>"), StringComparison.Ordinal);
        Assert.DoesNotContain("对标举措10号。", first.Section("timeline", "</ol>"), StringComparison.Ordinal);
        var second = await HtmlPage.GetAsync(viewer, $"/indicators/{indicatorId}?history=2");
        Assert.Contains("对标举措10号。", second.Section("timeline", "</ol>"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OneAccountCannotBuryAProblemUnderEntries()
    {
        var id = await portal.NewProblemAsync();
        var session = await UnitAsync();
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++)
        {
            using var response = await session.PostMultipartAsync($"/problems/{id}", $"/problems/{id}/entries", new() { ["Text"] = $"刷屏{i}", ["Date"] = Today });
            answers.Add(response.StatusCode);
        }

        Assert.Equal(10, answers.Count(a => a == HttpStatusCode.Redirect));
        Assert.Equal(10, await EntryCountAsync(id));
        using var refused = await session.PostMultipartAsync($"/problems/{id}", $"/problems/{id}/entries", new() { ["Text"] = "再来", ["Date"] = Today });
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("请稍后再试", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        portal.Clock.Advance(TimeSpan.FromMinutes(2));
        using var later = await session.PostMultipartAsync($"/problems/{id}", $"/problems/{id}/entries", new() { ["Text"] = "一分钟后", ["Date"] = Today });
        Assert.Equal(HttpStatusCode.Redirect, later.StatusCode);
    }

    [Theory]
    [InlineData("bizenv.af", "Antiforgery")]
    [InlineData("bizenv.notice", "TempData")]
    public async Task ATamperedCookieIsLoggedBrieflyAndNotOverAndOver(string cookie, string source)
    {
        var sink = portal.LogEvents;
        portal.Clock.Advance(Linze.BizEnv.Web.Features.Errors.AntiforgeryDiagnostics.Window * 2); // past any earlier test's lines
        sink.Clear();
        var client = portal.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        for (var i = 0; i < 30; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/account/login", UriKind.Relative));
            request.Headers.Add("Cookie", cookie + "=" + Convert.ToBase64String(Encoding.UTF8.GetBytes("tampered" + i)));
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var lines = sink.Snapshot().Where(e => e.SourceContext.Contains(source, StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(lines);
        Assert.All(lines, e => Assert.Equal(Serilog.Events.LogEventLevel.Warning, e.Level));
        Assert.All(lines, e => Assert.Null(e.Exception));
        Assert.True(lines.Count <= 5, $"{lines.Count} lines for 30 bad cookies");
    }
}
