using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Domain.Benchmarking;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Linze.BizEnv.BrowserTests;

/// <summary>对标 on the indicator page in Chromium: the lead unit records 本县现值 through the form and reads the trend chart.</summary>
[Collection(BrowserCollection.Name)]
public class BenchmarkTests(BrowserPortal portal)
{
    [Theory]
    [InlineData(1366, 900, "desktop")]
    [InlineData(390, 844, "phone")]
    public async Task TheLeadUnitRecordsAValueAndTheTrendChartDrawsItAgainstTheProvincesBest(int width, int height, string device)
    {
        var (indicator, metric) = await portal.Factory.WithDbAsync(db => db.BenchmarkMetrics.Where(m => m.Indicator.Number == 3 && m.Name == "高压办理时间")
            .Select(m => new ValueTuple<int, int>(m.IndicatorId, m.Id)).SingleAsync());
        var today = ChinaTime.Today(portal.Factory.Clock);
        var lastMonth = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        await portal.Factory.WithDbAsync(async db =>
        {
            await db.MetricReadings.Where(r => r.MetricId == metric).ExecuteDeleteAsync();
            db.MetricReadings.Add(new MetricReading { MetricId = metric, Period = lastMonth, Value = 6.5m, Source = "供电公司月报", RecordedByName = "测试", RecordedAtUtc = DateTime.UtcNow });
            return await db.SaveChangesAsync();
        });
        await using var tab = await portal.OpenAsync(width, height);
        await tab.LoginAsync(await portal.CreateUserAsync(Roles.Unit, "国家电网临泽县供电公司"));
        await tab.Page.GotoAsync($"/indicators/{indicator}");

        await tab.Page.Locator("#reading-metric").SelectOptionAsync(metric.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await tab.Page.Locator("#reading-period").FillAsync(today.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture));
        await tab.Page.Locator("#reading-value").FillAsync("3.1");
        await tab.Page.Locator("#reading-source").FillAsync("供电公司业扩报装系统");
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "保存本县现值" }).ClickAsync();
        await tab.Page.Locator("#notice").WaitForAsync();

        var row = tab.Page.Locator($"#metric-{metric}");
        Assert.Equal("+0.4天", (await row.Locator(".metric-gap").InnerTextAsync()).Trim());
        Assert.Equal("差距较大", (await row.Locator(".metric-state").InnerTextAsync()).Trim()); // 2.7 ÷ 3.1 = 87%: more than 10% short
        await row.Locator(".metric-name").ClickAsync();
        await tab.Page.Locator($"#metric-detail-{metric} .metric-chart canvas").WaitForAsync();
        var drawn = await tab.Page.EvaluateAsync<double[]>(
            $"() => {{ const o = echarts.getInstanceByDom(document.querySelector('#metric-detail-{metric} .metric-chart')).getOption(); return [...o.series[0].data, o.series[0].markLine.data[0].yAxis]; }}");
        Assert.Equal([6.5, 3.1, 2.7], drawn);
        var axis = await tab.Page.EvaluateAsync<double[]>(
            $"() => echarts.getInstanceByDom(document.querySelector('#metric-detail-{metric} .metric-chart')).getModel().getComponent('yAxis').axis.scale.getExtent()");
        Assert.True(axis[0] <= 2.7 && axis[1] >= 6.5, $"the axis runs {axis[0]}–{axis[1]}: the province's best (2.7) is off the chart");
        var size = await tab.Page.EvalOnSelectorAsync<int[]>($"#metric-detail-{metric} .metric-chart canvas", "c => [c.clientWidth, c.clientHeight]");
        Assert.True(size[0] >= 200 && size[1] >= 150, $"the chart is {size[0]}×{size[1]}");
        // The opened trend takes the table's width below the row: the table itself still fits its card (attack pass: 566px in 332px).
        var table = await tab.Page.EvalOnSelectorAsync<int[]>("#metric-table", "t => [t.scrollWidth, t.parentElement.clientWidth]");
        Assert.True(table[0] <= table[1] + 1, $"the table is {table[0]}px wide in a {table[1]}px card");
        var overflow = await tab.Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"the page is {overflow}px wider than the screen");
        await tab.ScreenshotAsync($"indicator-benchmark-{device}");
        Assert.Empty(tab.ForeignRequests);
        tab.AssertNoConsoleErrors();
    }
}
