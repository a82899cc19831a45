using System.Net;
using Linze.BizEnv.Web.Authorization;
using Linze.BizEnv.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.IntegrationTests.Features.Security;

/// <summary>
/// What an outsider at the login form must not be able to do: fill memory or the database with huge names, lock
/// out the owners of accounts, or keep a session alive after its owner logged out (ADR-0009).
/// </summary>
public partial class LoginAbuseTests(BizEnvFactory portal) : IClassFixture<BizEnvFactory>
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
    public async Task ANameDisguisedWithInvisibleCharactersCannotPassForAdminInTheAuditLog()
    {
        var session = new WebSession(portal.CreateBareClient());
        await session.LoginAsync("\u202Enimda", WrongPassword);
        await session.LoginAsync("admin\u200B", WrongPassword);
        await session.LoginAsync("ad\u034Fmin", WrongPassword);
        await session.LoginAsync("admin\U000E0020", WrongPassword);
        await session.LoginAsync("\u3164admin", WrongPassword);

        var names = await portal.WithDbAsync(db => db.AuditEntries.Where(a => a.Action == AuditAction.LoginFailed && a.UserId == null)
            .Select(a => a.UserName!).ToListAsync());
        Assert.Contains("nimda（含不可见字符）", names);
        Assert.Equal(4, names.Count(n => n == "admin（含不可见字符）"));
        Assert.DoesNotContain(names, Linze.BizEnv.Web.Domain.PlainText.HasInvisible);

        var admin = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Admin));
        foreach (var disguised in new[] { "bad\u0001\u202Ename", "bad\u034Fname", "bad\uFE0F", "bad\u3164", "bad\U000E0020" })
        {
            using var created = await admin.PostFormAsync("/admin/users/new", "/admin/users/new", new() { ["UserName"] = disguised, ["Role"] = Roles.Viewer });
            Assert.Contains("不可见字符", await created.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.False(await portal.WithDbAsync(db => db.Users.AnyAsync(u => u.UserName!.StartsWith("bad"))));
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

    /// <summary>A browser whose cookies the test holds in its hand, to replay them as a thief would.</summary>
    private sealed partial class RawBrowser(HttpClient client)
    {
        private readonly string _address = $"127.{Random.Shared.Next(1, 255)}.{Random.Shared.Next(0, 255)}.{Random.Shared.Next(1, 255)}";

        public Dictionary<string, string> Cookies { get; } = [];

        public string CookieHeader => string.Join("; ", Cookies.Select(c => $"{c.Key}={c.Value}"));

        public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, Dictionary<string, string>? form = null)
        {
            using var request = new HttpRequestMessage(method, new Uri(url, UriKind.Relative));
            request.Headers.Add("X-Forwarded-For", _address);
            if (Cookies.Count > 0)
            {
                request.Headers.Add("Cookie", CookieHeader);
            }

            request.Content = form is null ? null : new FormUrlEncodedContent(form);
            var response = await client.SendAsync(request);
            foreach (var header in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
            {
                var pair = header.Split(';')[0].Split('=', 2);
                Cookies[pair[0]] = pair[1];
            }

            return response;
        }

        public async Task<HttpResponseMessage> PostAsync(string formPage, string url, Dictionary<string, string> form)
        {
            var html = await (await SendAsync(HttpMethod.Get, formPage)).Content.ReadAsStringAsync();
            var token = WebUtility.HtmlDecode(TokenPattern().Match(html).Groups[1].Value);
            return await SendAsync(HttpMethod.Post, url, new Dictionary<string, string>(form) { ["__RequestVerificationToken"] = token });
        }

        public Task<HttpResponseMessage> LoginAsync(string user, string password) =>
            PostAsync("/account/login", "/account/login", new() { ["UserName"] = user, ["Password"] = password });

        [System.Text.RegularExpressions.GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
        private static partial System.Text.RegularExpressions.Regex TokenPattern();
    }

    private RawBrowser NewRawBrowser() => new(portal.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false }));

    [Fact]
    public async Task ACookieReplayedAfterLogoutNoLongerWorks()
    {
        var user = await portal.CreateUserAsync(Roles.Viewer);
        var browser = NewRawBrowser();
        var login = await browser.LoginAsync(user, BizEnvFactory.UserPassword);
        Assert.Equal("/", login.Headers.Location?.OriginalString);
        var saved = browser.CookieHeader;
        Assert.Equal(HttpStatusCode.OK, (await browser.SendAsync(HttpMethod.Get, "/")).StatusCode);

        var logout = await browser.PostAsync("/", "/account/logout", []);
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);

        using var replay = new HttpRequestMessage(HttpMethod.Get, new Uri("/", UriKind.Relative));
        replay.Headers.Add("Cookie", saved);
        using var replayed = await portal.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false }).SendAsync(replay);
        Assert.Equal(HttpStatusCode.Redirect, replayed.StatusCode);
        Assert.StartsWith("/account/login", replayed.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AReplayedDeviceCookieBuysNoMoreThanThreeGuessesAtALockedAccount()
    {
        var user = await portal.CreateUserAsync(Roles.Unit, "县财政局");
        var owner = NewRawBrowser();
        await owner.LoginAsync(user, BizEnvFactory.UserPassword);
        var deviceCookie = owner.Cookies[Linze.BizEnv.Web.Accounts.TrustedDevices.CookieName];
        var outsider = new WebSession(portal.CreateBareClient());
        for (var i = 0; i < 5; i++)
        {
            await outsider.LoginAsync(user, WrongPassword);
        }

        // Each guess comes from a fresh browser replaying the saved device cookie, as a copied cookie would.
        for (var i = 0; i < 3; i++)
        {
            var thief = NewRawBrowser();
            thief.Cookies[Linze.BizEnv.Web.Accounts.TrustedDevices.CookieName] = deviceCookie;
            Assert.Equal(HttpStatusCode.OK, (await thief.LoginAsync(user, WrongPassword + i)).StatusCode);
        }

        var withPassword = NewRawBrowser();
        withPassword.Cookies[Linze.BizEnv.Web.Accounts.TrustedDevices.CookieName] = deviceCookie;
        var refused = await withPassword.LoginAsync(user, BizEnvFactory.UserPassword);
        Assert.Contains("账号已锁定", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task APasswordResetEndsTheTrustOfEveryBrowser()
    {
        var user = await portal.CreateUserAsync(Roles.Unit, "县财政局");
        var owner = NewRawBrowser();
        await owner.LoginAsync(user, BizEnvFactory.UserPassword);
        var id = await portal.WithDbAsync(db => db.Users.Where(u => u.UserName == user).Select(u => u.Id).SingleAsync());
        await portal.WithDbAsync(async db =>
        {
            var account = await db.Users.SingleAsync(u => u.Id == id);
            account.SecurityStamp = Guid.NewGuid().ToString("N");
            return await db.SaveChangesAsync();
        });
        var outsider = new WebSession(portal.CreateBareClient());
        for (var i = 0; i < 5; i++)
        {
            await outsider.LoginAsync(user, WrongPassword);
        }

        await owner.PostAsync("/", "/account/logout", []);
        var afterReset = await owner.LoginAsync(user, BizEnvFactory.UserPassword);
        Assert.Contains("账号已锁定", await afterReset.Content.ReadAsStringAsync(), StringComparison.Ordinal);
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
