using System.Net;
using Linze.BizEnv.Web.Authorization;
using Linze.BizEnv.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.IntegrationTests.Features.Security;

/// <summary>
/// What an outsider at the login form must not be able to do: fill memory or the database with huge names, lock
/// out the owners of accounts, or keep a session alive after its owner logged out (ADR-0009).
/// </summary>
public class LoginAbuseTests(BizEnvFactory portal) : IClassFixture<BizEnvFactory>
{
    private const string WrongPassword = "Wrong-Pass-123!";

    private Task<int> AuditCountAsync() => portal.WithDbAsync(db => db.AuditEntries.CountAsync());

    [Fact]
    public async Task AHugeUserNameIsRefusedWithoutStoringOrAuditingIt()
    {
        var session = new WebSession(portal.CreateBareClient());
        var auditBefore = await AuditCountAsync();

        using var response = await session.LoginAsync(new string('名', 100_000), WrongPassword);

        Assert.InRange((int)response.StatusCode, 200, 499);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Matches("用户名不能超过 64 个字符|提交的内容过大", html);
        Assert.Equal(auditBefore, await AuditCountAsync());
        Assert.False(await portal.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.UserName != null && a.UserName.Length > 100)));
    }

    [Fact]
    public async Task AFourMegabyteLoginBodyGetsAChinesePageNotABlankOne()
    {
        var session = new WebSession(portal.CreateBareClient());
        var auditBefore = await AuditCountAsync();

        using var response = await session.LoginAsync(new string('x', 4_000_000), WrongPassword);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("提交的内容过大", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(auditBefore, await AuditCountAsync());
    }

    [Fact]
    public async Task AFailedCurrentPasswordDoesNotLiftTheForcedPasswordChange()
    {
        var user = await portal.CreateUserAsync(Roles.Unit, "县法院", mustChangePassword: true);
        var session = await portal.SignInAsync(user);

        await session.PostFormAsync("/account/password", "/account/password", new()
        {
            ["CurrentPassword"] = "Not-The-Pass-1!", ["NewPassword"] = "Xin-Mima-2026#ok", ["ConfirmPassword"] = "Xin-Mima-2026#ok",
        });

        Assert.True(await portal.WithDbAsync(db => db.Users.Where(u => u.UserName == user).Select(u => u.MustChangePassword).SingleAsync()));
        using var home = await (await portal.SignInAsync(user)).GetAsync("/");
        Assert.Equal("/account/password", home.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task ACookieReplayedAfterLogoutNoLongerWorks()
    {
        var user = await portal.CreateUserAsync(Roles.Viewer);
        var client = portal.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        var cookies = new Dictionary<string, string>();
        async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, Dictionary<string, string>? form = null)
        {
            using var request = new HttpRequestMessage(method, new Uri(url, UriKind.Relative));
            if (cookies.Count > 0)
            {
                request.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => $"{c.Key}={c.Value}")));
            }

            request.Content = form is null ? null : new FormUrlEncodedContent(form);
            var response = await client.SendAsync(request);
            foreach (var header in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
            {
                var pair = header.Split(';')[0].Split('=', 2);
                cookies[pair[0]] = pair[1];
            }

            return response;
        }

        async Task<string> TokenAsync(string url) =>
            WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(
                await (await SendAsync(HttpMethod.Get, url)).Content.ReadAsStringAsync(),
                "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value);

        var login = await SendAsync(HttpMethod.Post, "/account/login", new()
        {
            ["UserName"] = user, ["Password"] = BizEnvFactory.UserPassword, ["__RequestVerificationToken"] = await TokenAsync("/account/login"),
        });
        Assert.Equal("/", login.Headers.Location?.OriginalString);
        var saved = string.Join("; ", cookies.Select(c => $"{c.Key}={c.Value}"));
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, "/")).StatusCode);

        var logout = await SendAsync(HttpMethod.Post, "/account/logout", new() { ["__RequestVerificationToken"] = await TokenAsync("/") });
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);

        using var replay = new HttpRequestMessage(HttpMethod.Get, new Uri("/", UriKind.Relative));
        replay.Headers.Add("Cookie", saved);
        using var replayed = await client.SendAsync(replay);
        Assert.Equal(HttpStatusCode.Redirect, replayed.StatusCode);
        Assert.StartsWith("/account/login", replayed.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnOutsiderLockingAnAccountDoesNotStopItsOwnerOnTheirOwnBrowser()
    {
        var user = await portal.CreateUserAsync(Roles.Unit, "县法院");
        var owner = await portal.SignInAsync(user);
        await owner.PostFormAsync("/", "/account/logout", []);

        var outsider = new WebSession(portal.CreateBareClient());
        for (var i = 0; i < 5; i++)
        {
            await outsider.LoginAsync(user, WrongPassword);
        }

        var outsiderWithPassword = await outsider.LoginAsync(user, BizEnvFactory.UserPassword);
        Assert.Contains("账号已锁定", await outsiderWithPassword.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var back = await owner.LoginAsync(user, BizEnvFactory.UserPassword);
        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        Assert.Equal("/", back.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task AClientAddressThatKeepsFailingIsThrottledAcrossUserNames()
    {
        var victim = await portal.CreateUserAsync(Roles.Viewer);
        var outsider = new WebSession(portal.CreateBareClient());
        for (var i = 0; i < 10; i++)
        {
            await outsider.LoginAsync($"县单位{i}", WrongPassword);
        }

        var blocked = await outsider.LoginAsync(victim, BizEnvFactory.UserPassword);
        Assert.Contains("此电脑登录失败次数过多", await blocked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await portal.WithDbAsync(db => db.Users.Where(u => u.UserName == victim).Select(u => u.AccessFailedCount).SingleAsync()));

        var elsewhere = await new WebSession(portal.CreateBareClient()).LoginAsync(victim, BizEnvFactory.UserPassword);
        Assert.Equal(HttpStatusCode.Redirect, elsewhere.StatusCode);
    }

    [Fact]
    public async Task TheAdministratorSeesLockedAccountsAndCanUnlockThem()
    {
        var user = await portal.CreateUserAsync(Roles.Viewer);
        var outsider = new WebSession(portal.CreateBareClient());
        for (var i = 0; i < 5; i++)
        {
            await outsider.LoginAsync(user, WrongPassword);
        }

        var admin = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Admin));
        var list = await admin.GetHtmlAsync("/admin/users?q=" + user);
        Assert.Contains("因连续输错密码被锁定", list, StringComparison.Ordinal);
        Assert.Contains(user, HtmlPage.Text(new HtmlPage(HttpStatusCode.OK, list).Section("locked-accounts", "</div>")), StringComparison.Ordinal);

        var id = await portal.WithDbAsync(db => db.Users.Where(u => u.UserName == user).Select(u => u.Id).SingleAsync());
        var unlock = await admin.PostFormAsync("/admin/users", $"/admin/users/{id}/unlock", []);
        Assert.Equal(HttpStatusCode.Redirect, unlock.StatusCode);

        var login = await new WebSession(portal.CreateBareClient()).LoginAsync(user, BizEnvFactory.UserPassword);
        Assert.Equal("/", login.Headers.Location?.OriginalString);
        Assert.True(await portal.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == AuditAction.Unlocked && a.EntityKey == id)));
    }

    [Fact]
    public async Task WrongCurrentPasswordsThatLockTheAccountEndItsSessions()
    {
        var user = await portal.CreateUserAsync(Roles.Viewer);
        var session = await portal.SignInAsync(user);
        var other = await portal.SignInAsync(user);

        HttpResponseMessage last = null!;
        for (var i = 0; i < 5; i++)
        {
            last = await session.PostFormAsync("/account/password", "/account/password", new()
            {
                ["CurrentPassword"] = WrongPassword, ["NewPassword"] = "Xin-Mima-2026#ok", ["ConfirmPassword"] = "Xin-Mima-2026#ok",
            });
        }

        Assert.Equal(HttpStatusCode.Redirect, last.StatusCode);
        using var after = await session.GetAsync("/");
        Assert.StartsWith("/account/login", after.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
        portal.Clock.Advance(TimeSpan.FromMinutes(2));
        using var otherAfter = await other.GetAsync("/");
        Assert.StartsWith("/account/login", otherAfter.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
    }
}
