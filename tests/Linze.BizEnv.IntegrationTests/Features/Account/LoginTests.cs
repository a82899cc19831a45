using System.Net;
using Linze.BizEnv.Web.Authorization;
using Linze.BizEnv.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.IntegrationTests.Features.Account;

public class LoginTests : IClassFixture<BizEnvFactory>
{
    private const string WrongPassword = "Wrong-Pass-123!";
    private const string LockedMessage = "登录失败次数过多，账号已锁定 15 分钟";
    private const string FailedMessage = "用户名或密码错误";
    private readonly BizEnvFactory _portal;

    public LoginTests(BizEnvFactory portal) => _portal = portal;

    private static async Task<string> ErrorsOf(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = new HtmlPage(response.StatusCode, await response.Content.ReadAsStringAsync());
        return HtmlPage.Text(page.Section("login-form", "</form>").Split("<input", 2)[0]);
    }

    [Fact]
    public async Task TheRightPasswordSignsInAndOpensTheDashboard()
    {
        var user = await _portal.CreateUserAsync(Roles.Viewer);
        var session = new WebSession(_portal.CreateBareClient());

        var response = await session.LoginAsync(user, BizEnvFactory.UserPassword);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
        var home = await session.GetHtmlAsync("/");
        Assert.Contains(user, home, StringComparison.Ordinal);
        Assert.Contains("id=\"dashboard-indicators\"", home, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheLoginPageHasNoDeadMenuButtonAndThePortalHasOneNameEverywhere()
    {
        var login = await new WebSession(_portal.CreateBareClient()).GetHtmlAsync("/account/login");
        Assert.DoesNotContain("navbar-toggler", login, StringComparison.Ordinal);

        var home = await (await _portal.SignInAsync(await _portal.CreateUserAsync(Roles.Viewer))).GetHtmlAsync("/");
        var name = Web.Common.Portal.Name;
        foreach (var page in new[] { login, home })
        {
            Assert.Contains($"- {name}</title>", page, StringComparison.Ordinal);
            Assert.Matches($"class=\"navbar-brand\"[^>]*>{name}</a>", page);
            Assert.Matches($"<footer[^>]*>\\s*{name}\\s*</footer>", page);
        }

        Assert.Contains($">{name}</h1>", login, StringComparison.Ordinal);
        Assert.DoesNotContain("对标提升工作平台", home, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnonymousVisitorsAreSentToTheLoginPageButHealthAndAssetsStayOpen()
    {
        var client = _portal.CreateBareClient();

        using var home = await client.GetAsync(new Uri("/units", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.Equal("/account/login?ReturnUrl=%2Funits", home.Headers.Location!.PathAndQuery);
        foreach (var open in new[] { "/healthz", "/account/login", "/lib/bootstrap/css/bootstrap.min.css", "/css/site.css" })
        {
            using var response = await client.GetAsync(new Uri(open, UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task AfterLoginTheUserReturnsWhereTheyWereGoingButNeverToAnotherSite()
    {
        var user = await _portal.CreateUserAsync(Roles.Viewer);
        var session = new WebSession(_portal.CreateBareClient());
        var local = await session.PostFormAsync("/account/login", "/account/login?ReturnUrl=%2Funits",
            new() { ["UserName"] = user, ["Password"] = BizEnvFactory.UserPassword, ["ReturnUrl"] = "/units" });
        Assert.Equal("/units", local.Headers.Location!.OriginalString);

        var other = new WebSession(_portal.CreateBareClient());
        var offsite = await other.PostFormAsync("/account/login", "/account/login",
            new() { ["UserName"] = user, ["Password"] = BizEnvFactory.UserPassword, ["ReturnUrl"] = "https://evil.example/" });
        Assert.Equal("/", offsite.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task AWrongPasswordAndAnUnknownNameGetTheSameAnswer()
    {
        var user = await _portal.CreateUserAsync(Roles.Viewer);
        var session = new WebSession(_portal.CreateBareClient());

        var wrong = await ErrorsOf(await session.LoginAsync(user, WrongPassword));
        var unknown = await ErrorsOf(await session.LoginAsync("no-such-user-" + Guid.NewGuid().ToString("N")[..6], WrongPassword));

        Assert.Contains(FailedMessage, wrong, StringComparison.Ordinal);
        Assert.Equal(wrong, unknown);
    }

    [Fact]
    public async Task TheFifthFailureLocksTheAccountForFifteenMinutesThenTheRightPasswordWorksAgain()
    {
        var user = await _portal.CreateUserAsync(Roles.Viewer);
        var session = new WebSession(_portal.CreateBareClient());

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            Assert.Contains(FailedMessage, await ErrorsOf(await session.LoginAsync(user, WrongPassword)), StringComparison.Ordinal);
        }

        Assert.Contains(LockedMessage, await ErrorsOf(await session.LoginAsync(user, WrongPassword)), StringComparison.Ordinal);
        Assert.Contains(LockedMessage, await ErrorsOf(await session.LoginAsync(user, BizEnvFactory.UserPassword)), StringComparison.Ordinal);

        _portal.Clock.Advance(TimeSpan.FromMinutes(14));
        Assert.Contains(LockedMessage, await ErrorsOf(await session.LoginAsync(user, BizEnvFactory.UserPassword)), StringComparison.Ordinal);

        _portal.Clock.Advance(TimeSpan.FromMinutes(2));
        var unlocked = await session.LoginAsync(user, BizEnvFactory.UserPassword);
        Assert.Equal(HttpStatusCode.Redirect, unlocked.StatusCode);
        Assert.Equal("/", unlocked.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task AnUnknownNameLocksAfterFiveFailuresWithTheSameMessage()
    {
        var name = "ghost-" + Guid.NewGuid().ToString("N")[..8];
        var session = new WebSession(_portal.CreateBareClient());
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            Assert.Contains(FailedMessage, await ErrorsOf(await session.LoginAsync(name, WrongPassword)), StringComparison.Ordinal);
        }

        Assert.Contains(LockedMessage, await ErrorsOf(await session.LoginAsync(name, WrongPassword)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoginsFailuresLockoutsAndLogoutsAreAudited()
    {
        var user = await _portal.CreateUserAsync(Roles.Viewer);
        var session = new WebSession(_portal.CreateBareClient());
        await session.LoginAsync(user, WrongPassword);
        await session.LoginAsync(user, BizEnvFactory.UserPassword);
        var logout = await session.PostFormAsync("/", "/account/logout", []);
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        for (var i = 0; i < 5; i++)
        {
            await session.LoginAsync(user, WrongPassword);
        }

        AuditAction[] signInEvents = [AuditAction.Login, AuditAction.LoginFailed, AuditAction.LockedOut, AuditAction.Logout];
        var actions = await _portal.WithDbAsync(db => db.AuditEntries
            .Where(a => a.UserName == user && signInEvents.Contains(a.Action))
            .OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
        Assert.Equal(
            [AuditAction.LoginFailed, AuditAction.Login, AuditAction.Logout, AuditAction.LoginFailed, AuditAction.LoginFailed,
             AuditAction.LoginFailed, AuditAction.LoginFailed, AuditAction.LockedOut],
            actions);
        var login = await _portal.WithDbAsync(db => db.AuditEntries.FirstAsync(a => a.UserName == user && a.Action == AuditAction.Login));
        Assert.NotNull(login.ClientAddress);
    }

    [Fact]
    public async Task ADisabledAccountCannotSignInAndItsOpenSessionEnds()
    {
        var user = await _portal.CreateUserAsync(Roles.Viewer);
        var session = await _portal.SignInAsync(user);
        var userId = await _portal.WithDbAsync(db => db.Users.Where(u => u.UserName == user).Select(u => u.Id).SingleAsync());
        var admin = await _portal.SignInAsync(await _portal.CreateUserAsync(Roles.Admin));

        var disable = await admin.PostFormAsync("/", $"/admin/users/{userId}/disable", []);
        Assert.Equal(HttpStatusCode.Redirect, disable.StatusCode);

        _portal.Clock.Advance(TimeSpan.FromMinutes(2));
        using var after = await session.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/account/login", after.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        var again = await new WebSession(_portal.CreateBareClient()).LoginAsync(user, BizEnvFactory.UserPassword);
        Assert.Contains("该账号已停用", await ErrorsOf(again), StringComparison.Ordinal);
    }
}
