using System.Net;
using Linze.BizEnv.Web.Authorization;
using Linze.BizEnv.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.IntegrationTests.Features.Account;

public class PasswordChangeTests(BizEnvFactory portal) : IClassFixture<BizEnvFactory>
{
    private const string NewPassword = "Xin-Mima-2026#ok";

    private static Dictionary<string, string> Change(string current, string next, string? confirm = null) => new()
    {
        ["CurrentPassword"] = current,
        ["NewPassword"] = next,
        ["ConfirmPassword"] = confirm ?? next,
    };

    [Fact]
    public async Task AOneTimePasswordLeadsEveryPageToTheChangeFormUntilChanged()
    {
        var user = await portal.CreateUserAsync(Roles.Unit, "县法院", mustChangePassword: true);
        var session = await portal.SignInAsync(user);

        foreach (var url in new[] { "/", "/units", "/leaders" })
        {
            using var response = await session.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/account/password", response.Headers.Location!.OriginalString);
        }

        Assert.Contains("您正在使用一次性密码", await session.GetHtmlAsync("/account/password"), StringComparison.Ordinal);
        var changed = await session.PostFormAsync("/account/password", "/account/password", Change(BizEnvFactory.UserPassword, NewPassword));
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);

        using var home = await session.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.False(await portal.WithDbAsync(db => db.Users.Where(u => u.UserName == user).Select(u => u.MustChangePassword).SingleAsync()));
        var fresh = await new WebSession(portal.CreateBareClient()).LoginAsync(user, NewPassword);
        Assert.Equal("/", fresh.Headers.Location!.OriginalString);
        Assert.True(await portal.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == AuditAction.PasswordChanged && a.UserName == user)));
    }

    [Fact]
    public async Task TheForcedPasswordChangeShowsNoMenuThatWouldOnlyLeadBackToIt()
    {
        var session = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Unit, "县法院", mustChangePassword: true));

        var page = await session.GetHtmlAsync("/account/password");

        Assert.Contains("您正在使用一次性密码", page, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"main-nav\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("navbar-toggler", page, StringComparison.Ordinal);
        Assert.Contains("id=\"logout-form\"", page, StringComparison.Ordinal); // still a way out
    }

    [Theory]
    [InlineData("Ab1!", "密码至少 8 个字符")]
    [InlineData("abcdefgh1234", "至少三类")]
    [InlineData("P@ssw0rd", "过于常见")]
    [InlineData("Aa123456", "过于常见")]
    public async Task AWeakNewPasswordIsRefusedWithTheReasonAndNothingChanges(string weak, string reason)
    {
        var user = await portal.CreateUserAsync(Roles.Viewer);
        var session = await portal.SignInAsync(user);
        var hashBefore = await portal.WithDbAsync(db => db.Users.Where(u => u.UserName == user).Select(u => u.PasswordHash).SingleAsync());

        var response = await session.PostFormAsync("/account/password", "/account/password", Change(BizEnvFactory.UserPassword, weak));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(hashBefore, await portal.WithDbAsync(db => db.Users.Where(u => u.UserName == user).Select(u => u.PasswordHash).SingleAsync()));
    }

    [Fact]
    public async Task AWrongCurrentPasswordOrAMismatchedConfirmationIsRefused()
    {
        var user = await portal.CreateUserAsync(Roles.Viewer);
        var session = await portal.SignInAsync(user);

        var wrong = await session.PostFormAsync("/account/password", "/account/password", Change("Not-The-Pass-1!", NewPassword));
        Assert.Contains("当前密码不正确", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var mismatch = await session.PostFormAsync("/account/password", "/account/password", Change(BizEnvFactory.UserPassword, NewPassword, NewPassword + "x"));
        Assert.Contains("两次输入的新密码不一致", await mismatch.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await portal.WithDbAsync(db => db.Users.Where(u => u.UserName == user).Select(u => u.AccessFailedCount).SingleAsync()));
    }
}
