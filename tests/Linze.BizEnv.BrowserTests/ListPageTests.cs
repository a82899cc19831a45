using Linze.BizEnv.Web.Authorization;
using Microsoft.Playwright;
using Linze.BizEnv.Web.Domain;

namespace Linze.BizEnv.BrowserTests;

[Collection(BrowserCollection.Name)]
public class ListPageTests(BrowserPortal portal)
{
    [Fact]
    public async Task ListPageRendersTheEighteenIndicatorsInChineseFromLocalAssetsOnly()
    {
        await using var tab = await portal.OpenAsync();
        await tab.LoginAsync(await portal.CreateUserAsync(Roles.Viewer));
        var response = await tab.Page.GotoAsync("/lists");

        Assert.Equal(200, response!.Status);
        var rows = tab.Page.Locator("#indicator-table tbody tr");
        Assert.Equal(18, await rows.CountAsync());
        Assert.Equal("临泽县优化营商环境对标提升责任清单", await tab.Page.Locator("h1").InnerTextAsync());
        var names = await tab.Page.Locator("#indicator-table tbody tr td:nth-child(2)").AllInnerTextsAsync();
        Assert.Equal(SourceDocument.Indicators.Select(i => i.Name), names);
        // Bootstrap came from the portal's own wwwroot: the navbar has its primary colour.
        var navbar = await tab.Page.EvalOnSelectorAsync<string>("nav.navbar", "e => getComputedStyle(e).backgroundColor");
        Assert.Equal("rgb(13, 110, 253)", navbar);
        await tab.ScreenshotAsync("list-page");

        Assert.Empty(tab.ForeignRequests);
        tab.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task OnAPhoneTheListFitsTheScreenAndTheMenuFolds()
    {
        await using var tab = await portal.OpenAsync(375, 812);
        await tab.LoginAsync(await portal.CreateUserAsync(Roles.Viewer));
        await tab.Page.GotoAsync("/lists");

        var overflow = await tab.Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"the page is {overflow}px wider than a 375px phone screen");
        Assert.True(await tab.Page.Locator(".navbar-toggler").IsVisibleAsync());
        Assert.False(await tab.Page.Locator("#main-nav").IsVisibleAsync());

        await tab.Page.Locator(".navbar-toggler").ClickAsync();
        await tab.Page.Locator("#main-nav.show").WaitForAsync();
        Assert.True(await tab.Page.Locator("#main-nav").GetByText("责任单位").IsVisibleAsync());
        await tab.ScreenshotAsync("list-page-phone");
        tab.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task TheAdminsMenuKeepsToOneLineOnAnOfficeScreen()
    {
        await using var tab = await portal.OpenAsync(1366, 768);
        await tab.LoginAsync(await portal.CreateUserAsync(Roles.Admin));
        await tab.Page.GotoAsync("/lists");

        var heights = await tab.Page.EvaluateAsync<double[]>("() => [...document.querySelectorAll('#main-nav > ul > li > .nav-link')].map(a => a.getBoundingClientRect().height)");
        var lineHeight = await tab.Page.EvaluateAsync<double>("() => parseFloat(getComputedStyle(document.querySelector('#main-nav .nav-link')).lineHeight)");
        Assert.True(heights.Length >= 8, "the admin's menu is shown, not folded");
        Assert.All(heights, h => Assert.True(h < 2 * lineHeight, $"a menu item is {h}px high: it wraps (line height {lineHeight}px)"));
        var navbar = await tab.Page.EvaluateAsync<double>("() => document.querySelector('nav.navbar').getBoundingClientRect().height");
        Assert.True(navbar < 80, $"the menu bar is {navbar}px high: it wraps onto a second line");

        await tab.Page.Locator("#nav-admin").ClickAsync();
        await tab.Page.Locator("#nav-send-log").ClickAsync();
        await tab.Page.WaitForURLAsync("**/admin/notifications");
        await tab.ScreenshotAsync("admin-menu-1366");
        tab.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task ClickingAnIndicatorOpensItsProblemsAndUnits()
    {
        await using var tab = await portal.OpenAsync();
        await tab.LoginAsync(await portal.CreateUserAsync(Roles.Viewer));
        await tab.Page.GotoAsync("/lists");

        await tab.Page.GetByRole(AriaRole.Link, new() { Name = "获得电力", Exact = true }).ClickAsync();

        await tab.Page.WaitForURLAsync("**/indicators/*");
        Assert.Equal("3. 获得电力", await tab.Page.Locator("h1").InnerTextAsync());
        Assert.Equal(5, await tab.Page.Locator("#problems li").CountAsync());
        Assert.Contains("国家电网临泽县供电公司", await tab.Page.Locator("#units").InnerTextAsync(), StringComparison.Ordinal);
        await tab.ScreenshotAsync("indicator-page");
    }
}
