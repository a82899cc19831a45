using Linze.BizEnv.Web.Data.Seeding;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Linze.BizEnv.BrowserTests;

/// <summary>A portal of its own filled with one county's demo list, so the charts have something to draw.</summary>
public sealed class DemoPortal : IAsyncLifetime
{
    public const string Password = "Demo-Browser-2026!";

    public BrowserPortal Portal { get; } = new();

    public async Task InitializeAsync()
    {
        await Portal.InitializeAsync();
        await using var scope = Portal.Factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DemoData>().GenerateAsync(1, Password);
    }

    public Task DisposeAsync() => Portal.DisposeAsync();
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DemoCollection : ICollectionFixture<DemoPortal>
{
    public const string Name = "Browser with demo data";
}

[Collection(DemoCollection.Name)]
public class DashboardTests(DemoPortal demo)
{
    private static async Task AssertChartsDrawnAsync(IPage page)
    {
        foreach (var chart in new[] { "#chart-status", "#chart-trend", "#chart-indicators" })
        {
            await page.Locator($"{chart} canvas").WaitForAsync();
            var size = await page.EvalOnSelectorAsync<int[]>($"{chart} canvas", "c => [c.width, c.height]");
            Assert.True(size[0] > 100 && size[1] > 100, $"{chart} drew a {size[0]}×{size[1]} canvas");
        }
    }

    [Fact]
    public async Task OnADesktopTheDashboardDrawsItsChartsSortsTheScoreboardAndFiltersThroughTheUrl()
    {
        await using var tab = await demo.Portal.OpenAsync(1366, 900);
        await tab.LoginAsync("demo-admin-001", DemoPortal.Password);

        Assert.EndsWith("/", tab.Page.Url, StringComparison.Ordinal);
        Assert.StartsWith("【演示数据】", await tab.Page.Locator("h1").InnerTextAsync(), StringComparison.Ordinal);
        await AssertChartsDrawnAsync(tab.Page);
        Assert.Equal(18, await tab.Page.Locator("#dashboard-indicators tbody tr").CountAsync());
        await tab.ScreenshotAsync("dashboard");

        // 红黑榜: sort by overdue, most first; again, fewest first.
        var overdueHeader = tab.Page.Locator("#unit-scoreboard th", new() { HasText = "逾期" });
        await overdueHeader.ClickAsync();
        var descending = (await tab.Page.Locator("#unit-scoreboard tbody td:nth-child(4)").AllInnerTextsAsync()).Select(int.Parse).ToList();
        Assert.Equal(descending.OrderByDescending(x => x), descending);
        await overdueHeader.ClickAsync();
        var ascending = (await tab.Page.Locator("#unit-scoreboard tbody td:nth-child(4)").AllInnerTextsAsync()).Select(int.Parse).ToList();
        Assert.Equal(ascending.Order(), ascending);

        await tab.Page.Locator("#filter-light").SelectOptionAsync("Red");
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "筛选" }).ClickAsync();
        await tab.Page.WaitForURLAsync("**light=Red**");
        var lights = await tab.Page.Locator("#dashboard-indicators tbody td:nth-child(3)").AllInnerTextsAsync();
        Assert.NotEmpty(lights);
        Assert.All(lights, l => Assert.Equal("红灯", l.Trim()));
        Assert.Equal(await tab.Page.Locator("#figure-overdue .figure-value").InnerTextAsync(), await tab.Page.Locator("#figure-problems .figure-value").InnerTextAsync());
        await AssertChartsDrawnAsync(tab.Page);
        await tab.ScreenshotAsync("dashboard-filtered");

        // The filtered view survives being opened afresh from its address, as a shared link would be.
        await tab.Page.GotoAsync(tab.Page.Url);
        Assert.Equal("Red", await tab.Page.Locator("#filter-light").InputValueAsync());

        Assert.Empty(tab.ForeignRequests);
        tab.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task OnAPhoneAUnitSeesItsOwnUnitFirstAndThePageFitsTheScreen()
    {
        await using var tab = await demo.Portal.OpenAsync(375, 812);
        await tab.LoginAsync("demo-unit-006", DemoPortal.Password);

        var card = tab.Page.Locator("#my-unit");
        Assert.Contains("本单位：", await card.InnerTextAsync(), StringComparison.Ordinal);
        var before = await tab.Page.EvaluateAsync<bool>(
            "() => document.querySelector('#my-unit').compareDocumentPosition(document.querySelector('#headline')) === Node.DOCUMENT_POSITION_FOLLOWING");
        Assert.True(before);
        await AssertChartsDrawnAsync(tab.Page);
        var overflow = await tab.Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"the page is {overflow}px wider than a 375px phone screen");
        Assert.Equal("true", await tab.Page.Locator("#unit-scoreboard tbody tr").First.GetAttributeAsync("data-pinned"));
        await tab.ScreenshotAsync("dashboard-phone");
        await tab.Page.ScreenshotAsync(new() { Path = Path.Combine(RepoPaths.Artifacts("screenshots"), "dashboard-phone-first-screen.png") });

        Assert.Empty(tab.ForeignRequests);
        tab.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task PrintedOnA4TheMenuAndFiltersAreLeftOut()
    {
        await using var tab = await demo.Portal.OpenAsync();
        await tab.LoginAsync("demo-leader-001", DemoPortal.Password);
        await AssertChartsDrawnAsync(tab.Page);

        await tab.Page.EmulateMediaAsync(new() { Media = Media.Print });
        Assert.False(await tab.Page.Locator("header nav").IsVisibleAsync());
        Assert.False(await tab.Page.Locator("#dashboard-filter").IsVisibleAsync());
        Assert.True(await tab.Page.Locator("#dashboard-indicators").IsVisibleAsync());
        var pdf = Path.Combine(RepoPaths.Artifacts("screenshots"), "dashboard-a4.pdf");
        await tab.Page.PdfAsync(new() { Path = pdf, Format = "A4", PrintBackground = true });
        Assert.True(new FileInfo(pdf).Length > 10_000);
        tab.AssertNoConsoleErrors();
    }
}
