using Linze.BizEnv.Web.Authorization;
using Microsoft.Playwright;
using Linze.BizEnv.Web.Domain;

namespace Linze.BizEnv.BrowserTests;

[Collection(BrowserCollection.Name)]
public class AccountTests(BrowserPortal portal)
{
    [Fact]
    public async Task AUnitUserLogsInSeesItsOwnIndicatorsFirstAndLogsOut()
    {
        var userName = await portal.CreateUserAsync(Roles.Unit, "县住建局");
        await using var tab = await portal.OpenAsync();

        await tab.Page.GotoAsync("/");
        Assert.Contains("/account/login", tab.Page.Url, StringComparison.Ordinal);
        await tab.LoginAsync(userName);

        // The dashboard leads with the unit; so does the list page.
        Assert.Contains("本单位：县住建局", await tab.Page.Locator("#my-unit .card-header").InnerTextAsync(), StringComparison.Ordinal);
        await tab.Page.GotoAsync("/lists");
        var mine = tab.Page.Locator("#my-unit");
        Assert.Contains("本单位：县住建局", await mine.Locator(".card-header").InnerTextAsync(), StringComparison.Ordinal);
        var expected = SourceDocument.Indicators
            .Where(i => i.Lead.Contains("县住建局") || i.Deputy.Contains("县住建局") || i.Member.Contains("县住建局"))
            .Select(i => i.Name)
            .ToList();
        Assert.Equal(expected.Count, await tab.Page.Locator("#my-indicators li").CountAsync());
        Assert.Equal(expected, (await tab.Page.Locator("#my-indicators li a").AllInnerTextsAsync()).ToList());
        // The unit's panel comes before the full list of indicators.
        var order = await tab.Page.EvaluateAsync<bool>("() => document.querySelector('#my-unit').compareDocumentPosition(document.querySelector('#indicator-table')) === Node.DOCUMENT_POSITION_FOLLOWING");
        Assert.True(order);
        await tab.ScreenshotAsync("unit-user-home");

        await tab.Page.Locator("#nav-user").ClickAsync();
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "退出登录" }).ClickAsync();
        await tab.Page.WaitForURLAsync("**/account/login");
        Assert.Equal("您已安全退出。", (await tab.Page.Locator("#notice").InnerTextAsync()).Trim());

        await tab.Page.GotoAsync("/");
        Assert.Contains("/account/login", tab.Page.Url, StringComparison.Ordinal);
        tab.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task AWrongPasswordShowsAChineseMessageAndKeepsTheUserOnTheLoginPage()
    {
        var userName = await portal.CreateUserAsync(Roles.Viewer);
        await using var tab = await portal.OpenAsync();

        await tab.Page.GotoAsync("/account/login");
        await tab.Page.GetByLabel("用户名").FillAsync(userName);
        await tab.Page.GetByLabel("密码").FillAsync("Wrong-Password-1");
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();

        await tab.Page.Locator(".validation-summary-errors").WaitForAsync();
        Assert.Contains("用户名或密码错误", await tab.Page.Locator(".validation-summary-errors").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(userName, await tab.Page.GetByLabel("用户名").InputValueAsync());
        Assert.Equal("", await tab.Page.GetByLabel("密码").InputValueAsync());
        await tab.ScreenshotAsync("login-failed");
        tab.AssertNoConsoleErrors();
    }
}
