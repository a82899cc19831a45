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
        var descending = (await tab.Page.Locator("#unit-scoreboard tbody td:nth-child(5)").AllInnerTextsAsync()).Select(int.Parse).ToList();
        Assert.Equal(descending.OrderByDescending(x => x), descending);
        await overdueHeader.ClickAsync();
        var ascending = (await tab.Page.Locator("#unit-scoreboard tbody td:nth-child(5)").AllInnerTextsAsync()).Select(int.Parse).ToList();
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

    [Fact]
    public async Task OnAPhoneIndicatorNamesStayReadableInTheProgressTable()
    {
        await using var tab = await demo.Portal.OpenAsync(390, 844);
        await tab.LoginAsync("demo-admin-001", DemoPortal.Password);

        await tab.Page.Locator("#dashboard-indicators").ScrollIntoViewIfNeededAsync();
        await tab.Page.ScreenshotAsync(new() { Path = Path.Combine(RepoPaths.Artifacts("screenshots"), "dashboard-phone-indicators.png") });

        // An inline link has one client rectangle per line it wraps onto: one character per line is what went wrong.
        // Readable: at least five characters to a line (a 12-character name may take three lines, never seven).
        var names = await tab.Page.EvalOnSelectorAllAsync<int[][]>("#dashboard-indicators tbody td:nth-child(2) a", "links => links.map(a => [a.getClientRects().length, a.textContent.trim().length])");
        Assert.Equal(18, names.Length);
        Assert.All(names, n => Assert.True(n[0] <= Math.Max(1, (n[1] + 4) / 5), $"a name of {n[1]} characters takes {n[0]} lines"));
        // The 红黑榜's unit names too (国家电网临泽县供电公司 wrapped two characters to a line).
        var units = await tab.Page.EvalOnSelectorAllAsync<int[][]>("#unit-scoreboard tbody td:nth-child(2) a", "links => links.map(a => [a.getClientRects().length, a.textContent.trim().length])");
        Assert.NotEmpty(units);
        Assert.All(units, n => Assert.True(n[0] <= Math.Max(1, (n[1] + 4) / 5), $"a unit name of {n[1]} characters takes {n[0]} lines"));
        var overflow = await tab.Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"the page is {overflow}px wider than a 390px phone screen");
        tab.AssertNoConsoleErrors();
    }

    [Theory]
    [InlineData("demo-admin-001")]
    [InlineData("demo-leader-001")] // a leader's page has its 分管 panel first: the charts move to later pages
    public async Task PrintedOnA4EveryChartStaysInsideItsCardAndTheIndicatorTableKeepsEveryColumn(string account)
    {
        await using var tab = await demo.Portal.OpenAsync(1440, 900);
        await tab.LoginAsync(account, DemoPortal.Password);
        await AssertChartsDrawnAsync(tab.Page);
        var leadUnit = (await tab.Page.Locator("#dashboard-indicators tbody tr").First.Locator("td").Nth(5).InnerTextAsync()).Split('、')[0].Trim();

        // Printed straight away, as a leader at a meeting would: every chart must be on paper, none a blank strip.
        var pdf = Path.Combine(RepoPaths.Artifacts("screenshots"), $"dashboard-a4-{account}.pdf");
        await tab.Page.PdfAsync(new() { Path = pdf, Format = "A4", PrintBackground = true });

        // Every column of 指标进度 is on paper, 组长单位 included.
        var text = Poppler("pdftotext", $"-layout \"{pdf}\" -");
        Assert.Contains("组长单位", text, StringComparison.Ordinal);
        Assert.Contains("责任领导", text, StringComparison.Ordinal);
        Assert.Contains(leadUnit, text, StringComparison.Ordinal);

        // Each chart is printed as one picture placed within the printable width of A4 (210 mm less 2 × 12 mm margins,
        // less its card's border), not at its width on the 1440-pixel screen.
        const double printableMillimetres = 210 - 2 * 12;
        var images = Poppler("pdfimages", $"-list \"{pdf}\"").Split('\n').Skip(2)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(c => c.Length > 12 && c[2] == "image" && int.Parse(c[3], System.Globalization.CultureInfo.InvariantCulture) > 100) // not the icons
            .Select(c => (Pixels: double.Parse(c[3], System.Globalization.CultureInfo.InvariantCulture), Ppi: double.Parse(c[12], System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();
        Assert.Equal(3, images.Count);
        Assert.All(images, i => Assert.True(i.Pixels / i.Ppi * 25.4 < printableMillimetres - 1, $"a chart {i.Pixels / i.Ppi * 25.4:0} mm wide on a page with {printableMillimetres} mm to print on"));

        Poppler("pdftoppm", $"-png -r 60 -f 1 -l 2 \"{pdf}\" \"{Path.Combine(RepoPaths.Artifacts("screenshots"), $"dashboard-a4-{account}-page")}\"");
        tab.AssertNoConsoleErrors();
    }

    /// <summary>Runs a poppler-utils tool (installed by scripts/test.sh) and returns what it printed.</summary>
    private static string Poppler(string tool, string arguments)
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(tool, arguments) { RedirectStandardOutput = true, UseShellExecute = false })!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return output;
    }
}
