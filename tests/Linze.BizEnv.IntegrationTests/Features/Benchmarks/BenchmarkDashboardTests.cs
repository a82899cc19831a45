using System.Net;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Domain.Benchmarking;
using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.IntegrationTests.Features.Benchmarks;

/// <summary>
/// The dashboard's 对标达标 section on known readings: 开办企业·办理时间 0.8 天 this month (1.0 last month), 开办企业·办理环节
/// 2 个 (at the best), 获得电力·高压办理时间 3.1 天.
/// </summary>
public class BenchmarkDashboardTests(BizEnvFactory portal) : IClassFixture<BizEnvFactory>
{
    private readonly SemaphoreSlim _once = new(1, 1);

    private async Task ReadyAsync()
    {
        await _once.WaitAsync();
        try
        {
            if (await portal.WithDbAsync(db => db.MetricReadings.AnyAsync()))
            {
                return;
            }

            var today = ChinaTime.Today(portal.Clock);
            var thisMonth = new DateOnly(today.Year, today.Month, 1);
            await portal.WithDbAsync(async db =>
            {
                async Task AddAsync(int indicator, string name, DateOnly period, decimal value)
                {
                    var metric = await db.BenchmarkMetrics.SingleAsync(m => m.Indicator.Number == indicator && m.Name == name);
                    db.MetricReadings.Add(new MetricReading { MetricId = metric.Id, Period = period, Value = value, Source = "测试", RecordedByName = "测试", RecordedAtUtc = DateTime.UtcNow });
                }

                await AddAsync(1, "办理时间", thisMonth.AddMonths(-1), 1.0m);
                await AddAsync(1, "办理时间", thisMonth, 0.8m);
                await AddAsync(1, "办理环节", thisMonth, 2m);
                await AddAsync(3, "高压办理时间", thisMonth, 3.1m);
                return await db.SaveChangesAsync();
            });
        }
        finally
        {
            _once.Release();
        }
    }

    private async Task<HtmlPage> DashboardAsync(string url = "/") => await HtmlPage.GetAsync(await portal.ViewerClientAsync(), url);

    [Fact]
    public async Task TheSectionGivesTheRateTheMetricsFurthestBehindAndWhatMovedThisMonth()
    {
        await ReadyAsync();
        var page = await DashboardAsync();

        Assert.Equal("33%", HtmlPage.Text(page.Section("benchmark-rate", "</strong>")));
        Assert.Contains("已填报本县现值 3 项", HtmlPage.Text(page.Section("benchmark-summary", "</p>")), StringComparison.Ordinal);
        var behind = page.Rows("benchmark-behind");
        Assert.Equal(["开办企业·办理时间", "获得电力·高压办理时间"], behind.Select(r => r[0]));
        Assert.Equal(["0.5天", "0.8天", "+0.3天", "62%"], behind[0].Skip(1));
        var moved = Assert.Single(page.Items("benchmark-moved", "</ol>"));
        Assert.Contains("开办企业·办理时间", moved, StringComparison.Ordinal);
        Assert.Contains("+12 个百分点", moved, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSectionFollowsTheLeaderFilter()
    {
        await ReadyAsync();
        var leader = await portal.WithDbAsync(db => db.Indicators.Where(i => i.Number == 3).Select(i => i.LeaderId).SingleAsync());

        var page = await DashboardAsync($"/?leader={leader}");

        Assert.Equal("0%", HtmlPage.Text(page.Section("benchmark-rate", "</strong>")));
        Assert.Equal(["获得电力·高压办理时间"], page.Rows("benchmark-behind").Select(r => r[0]));
        Assert.Contains("id=\"benchmark-moved-none\"", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("开办企业·", page.Section("benchmark-section", "</section>"), StringComparison.Ordinal);
    }
}
