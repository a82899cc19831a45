using System.Net;
using System.Text.RegularExpressions;
using Linze.BizEnv.Web.Accounts;
using Linze.BizEnv.Web.Authorization;
using Linze.BizEnv.Web.Domain;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;

namespace Linze.BizEnv.IntegrationTests.Features.Users;

public partial class UserAdminTests(BizEnvFactory portal) : IClassFixture<BizEnvFactory>
{
    private async Task<WebSession> AdminAsync() => await portal.SignInAsync(await portal.CreateUserAsync(Roles.Admin));

    private Task<string> IdOf(string userName) =>
        portal.WithDbAsync(db => db.Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync());

    private static async Task<string> OneTimePasswordIn(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        var match = OtpPattern().Match(await response.Content.ReadAsStringAsync());
        Assert.True(match.Success, "no one-time password on the page");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    [Fact]
    public async Task AnAdminCreatesAUnitAccountWhoseOneTimePasswordMustBeChangedAtFirstLogin()
    {
        var admin = await AdminAsync();
        var name = "法院用户" + Guid.NewGuid().ToString("N")[..4];
        var unitId = await portal.WithDbAsync(db => db.Units.Where(u => u.Name == "县法院").Select(u => u.Id).SingleAsync());

        var response = await admin.PostFormAsync("/admin/users/new", "/admin/users/new",
            new() { ["UserName"] = name, ["DisplayName"] = "王五", ["Role"] = Roles.Unit, ["UnitId"] = unitId.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var password = await OneTimePasswordIn(response);

        var user = await portal.WithDbAsync(db => db.Users.Include(u => u.Unit).SingleAsync(u => u.UserName == name));
        Assert.Equal("县法院", user.Unit!.Name);
        Assert.True(user.MustChangePassword);
        Assert.DoesNotContain(password, user.PasswordHash!, StringComparison.Ordinal);
        var session = await portal.SignInAsync(name, password);
        using var home = await session.GetAsync("/");
        Assert.Equal("/account/password", home.Headers.Location!.OriginalString);
        Assert.False(await portal.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Changes != null && a.Changes.Contains(password))));
    }

    [Fact]
    public async Task AUnitAccountWithoutAUnitIsRefusedAndNothingIsCreated()
    {
        var admin = await AdminAsync();
        var name = "nounit-" + Guid.NewGuid().ToString("N")[..6];

        var response = await admin.PostFormAsync("/admin/users/new", "/admin/users/new", new() { ["UserName"] = name, ["Role"] = Roles.Unit });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("单位用户必须绑定一个已有的责任单位", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(await portal.WithDbAsync(db => db.Users.AnyAsync(u => u.UserName == name)));
    }

    [Fact]
    public async Task AResetEndsTheUsersSessionsUnlocksAndHandsOutANewOneTimePassword()
    {
        var user = await portal.CreateUserAsync(Roles.Viewer);
        var session = await portal.SignInAsync(user);
        var admin = await AdminAsync();

        var password = await OneTimePasswordIn(await admin.PostFormAsync("/admin/users", $"/admin/users/{await IdOf(user)}/reset-password", []));

        portal.Clock.Advance(TimeSpan.FromMinutes(2));
        using var old = await session.GetAsync("/units");
        Assert.StartsWith("/account/login", old.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        var oldPassword = await new WebSession(portal.CreateBareClient()).LoginAsync(user, BizEnvFactory.UserPassword);
        Assert.Equal(HttpStatusCode.OK, oldPassword.StatusCode);
        var fresh = await portal.SignInAsync(user, password);
        using var forced = await fresh.GetAsync("/");
        Assert.Equal("/account/password", forced.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task AnAdminChangesAUsersRoleAndUnitAndTheChangeIsAudited()
    {
        var user = await portal.CreateUserAsync(Roles.Viewer);
        var admin = await AdminAsync();
        var unitId = await portal.WithDbAsync(db => db.Units.Where(u => u.Name == "县财政局").Select(u => u.Id).SingleAsync());

        var response = await admin.PostFormAsync("/admin/users", $"/admin/users/{await IdOf(user)}/edit",
            new() { ["Role"] = Roles.Unit, ["UnitId"] = unitId.ToString(System.Globalization.CultureInfo.InvariantCulture), ["DisplayName"] = "赵六" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var saved = await portal.WithDbAsync(db => db.Users.SingleAsync(u => u.UserName == user));
        Assert.Equal(unitId, saved.UnitId);
        Assert.Equal("赵六", saved.DisplayName);
        var audit = await portal.WithDbAsync(db => db.AuditEntries.Where(a => a.EntityType == nameof(AppUser) && a.EntityKey == saved.Id && a.Action == AuditAction.Updated)
            .OrderByDescending(a => a.Id).FirstAsync());
        Assert.Contains("\"UnitId\":{\"Before\":null,\"After\":" + unitId + "}", audit.Changes, StringComparison.Ordinal);
        Assert.DoesNotContain("PasswordHash", audit.Changes, StringComparison.Ordinal);
        Assert.True(await portal.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.EntityType == "IdentityUserRole" && a.Action == AuditAction.Created && a.EntityKey!.StartsWith(saved.Id))));
    }

    [Fact]
    public async Task TheLastAdministratorCannotBeDisabledOrDemoted()
    {
        using var lonely = new BizEnvFactory();
        var bootstrapId = await lonely.WithDbAsync(db => db.Users.Where(u => u.UserName == "admin").Select(u => u.Id).SingleAsync());
        var adminName = await lonely.CreateUserAsync(Roles.Admin);
        var admin = await lonely.SignInAsync(adminName);
        var adminId = await lonely.WithDbAsync(db => db.Users.Where(u => u.UserName == adminName).Select(u => u.Id).SingleAsync());

        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync("/admin/users", $"/admin/users/{bootstrapId}/disable", [])).StatusCode);
        await admin.PostFormAsync("/admin/users", $"/admin/users/{adminId}/disable", []);
        Assert.Contains("不能停用最后一个可用的管理员账号", await admin.GetHtmlAsync("/admin/users"), StringComparison.Ordinal);
        var demote = await admin.PostFormAsync("/admin/users", $"/admin/users/{adminId}/edit", new() { ["Role"] = Roles.Viewer });
        Assert.Contains("不能取消最后一个可用管理员的管理员角色", await demote.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(await lonely.WithDbAsync(db => db.Users.Where(u => u.Id == adminId).Select(u => u.IsDisabled).SingleAsync()));
    }

    [Fact]
    public async Task ALeaderAccountIsLinkedToItsLeaderAndTheLinkGoesWhenTheRoleChanges()
    {
        var user = await portal.CreateUserAsync(Roles.Leader);
        var admin = await AdminAsync();
        var leaderId = await portal.WithDbAsync(db => db.Leaders.Where(l => l.Name == "李国志").Select(l => l.Id).SingleAsync());
        var id = await IdOf(user);
        var form = await admin.GetHtmlAsync($"/admin/users/{id}/edit");
        Assert.Contains($"<option value=\"{leaderId}\">李国志</option>", form, StringComparison.Ordinal);

        var linked = await admin.PostFormAsync("/admin/users", $"/admin/users/{id}/edit",
            new() { ["Role"] = Roles.Leader, ["LeaderId"] = leaderId.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Equal(HttpStatusCode.Redirect, linked.StatusCode);
        Assert.Equal(leaderId, await portal.WithDbAsync(db => db.Users.Where(u => u.Id == id).Select(u => u.LeaderId).SingleAsync()));
        var home = await (await portal.SignInAsync(user)).GetHtmlAsync("/");
        Assert.Contains("分管指标", home, StringComparison.Ordinal);

        await admin.PostFormAsync("/admin/users", $"/admin/users/{id}/edit",
            new() { ["Role"] = Roles.Viewer, ["LeaderId"] = leaderId.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Null(await portal.WithDbAsync(db => db.Users.Where(u => u.Id == id).Select(u => u.LeaderId).SingleAsync()));
        var refused = await admin.PostFormAsync("/admin/users", $"/admin/users/{id}/edit", new() { ["Role"] = Roles.Leader, ["LeaderId"] = "987654" });
        Assert.Contains("所选责任领导不存在", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreatingAccountsForEveryUnitShowsThemAndHandsOutCutApartSlipsOnce()
    {
        using var fresh = new BizEnvFactory();
        using var configured = fresh.WithWebHostBuilder(b => b.UseSetting("Portal:PublicUrl", "http://yshj.linze.gov.cn"));
        var admin = new WebSession(configured.CreateClient(new() { AllowAutoRedirect = false }));
        await admin.LoginAsync(await fresh.CreateUserAsync(Roles.Admin), BizEnvFactory.UserPassword);

        var response = await admin.PostFormAsync("/admin/users", "/admin/users/create-for-units", []);

        // Back on the list, which shows the new accounts at once (no reload inviting a second click), with the sheet to download.
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var list = await admin.GetHtmlAsync(response.Headers.Location!.OriginalString);
        Assert.Contains("已为 27 个单位创建账号", list, StringComparison.Ordinal);
        Assert.Equal(AccountService.PageSize, new HtmlPage(HttpStatusCode.OK, list).Rows("user-table").Count);
        var sheetUrl = System.Text.RegularExpressions.Regex.Match(list, "href=\"(/admin/users/password-sheet/[0-9a-f]+)\"").Groups[1].Value;
        Assert.NotEmpty(sheetUrl);
        Assert.Contains(sheetUrl, await admin.GetHtmlAsync("/admin/users"), StringComparison.Ordinal); // still offered after a reload

        using var sheet = await admin.GetAsync(sheetUrl);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", sheet.Content.Headers.ContentType!.MediaType);
        Assert.Equal("no-store", sheet.Headers.CacheControl!.ToString());
        var cells = MiniExcel.Query(await sheet.Content.ReadAsStreamAsync(), useHeaderRow: false).Cast<IDictionary<string, object?>>().ToList();
        string[] Labelled(string label) => [.. cells.Where(r => (r["A"] as string) == label).Select(r => (string)r["B"]!)];
        var units = SourceDocument.Indicators.SelectMany(i => i.Lead.Concat(i.Deputy).Concat(i.Member)).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(units, Labelled("单位").Order(StringComparer.Ordinal));
        Assert.All(Labelled("网址"), url => Assert.Equal("http://yshj.linze.gov.cn", url));
        Assert.Equal(27, Labelled("用户名").Length);
        Assert.Equal(27, cells.Count(r => (r["A"] as string)?.StartsWith("登录方法", StringComparison.Ordinal) == true));
        var (user, password) = (Labelled("用户名")[0], Labelled("一次性密码")[0]);
        var session = await fresh.SignInAsync(user, password);
        Assert.Equal("/account/password", (await session.GetAsync("/")).Headers.Location!.OriginalString);

        // Handed out once: the link is gone, and a second click finds every unit with an account.
        using var again = await admin.GetAsync(sheetUrl);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Contains("已下载", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var second = await admin.PostFormAsync("/admin/users", "/admin/users/create-for-units", []);
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        Assert.Contains("所有责任单位都已有账号", await admin.GetHtmlAsync("/admin/users"), StringComparison.Ordinal);
        Assert.Equal(27, await fresh.WithDbAsync(db => db.Users.CountAsync(u => u.UnitId != null)));
    }

    [Fact]
    public async Task TheUserListIsSearchableAndPaged()
    {
        var admin = await AdminAsync();
        for (var i = 0; i < 21; i++)
        {
            await portal.CreateUserAsync(Roles.Leader);
        }

        var all = await admin.GetHtmlAsync("/admin/users");
        Assert.Contains("下一页", all, StringComparison.Ordinal);
        Assert.Matches("第 1 / \\d+ 页", all);
        var found = new HtmlPage(HttpStatusCode.OK, await admin.GetHtmlAsync("/admin/users?q=" + Uri.EscapeDataString("admin")));
        Assert.Contains(found.Rows("user-table"), r => r[0] == "admin");
        Assert.DoesNotContain(found.Rows("user-table"), r => r[0].StartsWith("leader-", StringComparison.Ordinal));
    }

    [GeneratedRegex("id=\"otp-password\">([^<]+)<")]
    private static partial Regex OtpPattern();

    [Fact]
    public async Task AUnitAccountWithoutAPersonsNameIsShownAsItsUnitOnce()
    {
        var user = await portal.CreateUserAsync(Roles.Unit, "县自然资源局");

        var home = await (await portal.SignInAsync(user)).GetHtmlAsync("/");

        Assert.Equal("县自然资源局", HtmlPage.Text(new HtmlPage(System.Net.HttpStatusCode.OK, home).Section("nav-user", "</a>")));
    }

    [Fact]
    public async Task ADoubleClickOnCreatingUnitAccountsNeverReportsTheAccountsItMadeAsFailures()
    {
        using var fresh = new BizEnvFactory();
        var admin = await fresh.SignInAsync(await fresh.CreateUserAsync(Roles.Admin));

        var both = await Task.WhenAll(
            admin.PostFormAsync("/admin/users", "/admin/users/create-for-units", []),
            admin.PostFormAsync("/admin/users", "/admin/users/create-for-units", []));

        Assert.All(both, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.Redirect, r.StatusCode.ToString()));
        Assert.DoesNotContain("未能创建账号", await admin.GetHtmlAsync("/admin/users"), StringComparison.Ordinal);
        Assert.Equal(27, await fresh.WithDbAsync(db => db.Users.CountAsync(u => u.UnitId != null)));
    }
}
