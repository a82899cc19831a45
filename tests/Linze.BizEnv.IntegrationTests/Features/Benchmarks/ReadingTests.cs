using System.Net;
using Linze.BizEnv.IntegrationTests.Workflow;
using Linze.BizEnv.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.IntegrationTests.Features.Benchmarks;

/// <summary>本县现值 on the indicator page: recorded by the lead unit, assessed against the province's best, corrected with history kept.</summary>
public class ReadingTests(BizEnvFactory portal) : IClassFixture<BizEnvFactory>
{
    private const string LeadUnit = "县市场监管局"; // 组长单位 of 开办企业 (1)

    private string ThisMonth => ChinaTime.Today(portal.Clock).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);

    private Task<int> IndicatorAsync(int number) => portal.WithDbAsync(db => db.Indicators.Where(i => i.Number == number).Select(i => i.Id).SingleAsync());

    private Task<int> MetricAsync(int number, string name) =>
        portal.WithDbAsync(db => db.BenchmarkMetrics.Where(m => m.Indicator.Number == number && m.Name == name).Select(m => m.Id).SingleAsync());

    private Task<int> ReadingsAsync(int metricId) => portal.WithDbAsync(db => db.MetricReadings.CountAsync(r => r.MetricId == metricId));

    private async Task<WebSession> LeadAsync() => await portal.SignInAsync(await portal.CreateUserAsync(Roles.Unit, LeadUnit));

    private static Task<HttpResponseMessage> RecordAsync(WebSession session, int indicator, int metric, string period, string value, string source) =>
        session.PostFormAsync($"/indicators/{indicator}", $"/indicators/{indicator}/readings",
            new() { ["MetricId"] = metric.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Period"] = period, ["Value"] = value, ["Source"] = source });

    /// <summary>The metric's row on the indicator page: 指标项, 全省最佳, 本县现值, 差距, 达标情况.</summary>
    private static IReadOnlyList<string> Row(string html, int metric) =>
        new HtmlPage(HttpStatusCode.OK, html).Rows("metric-table").Single(r => r[0].StartsWith(RowName(html, metric), StringComparison.Ordinal));

    private static string RowName(string html, int metric) =>
        HtmlPage.Text(new HtmlPage(HttpStatusCode.OK, html).Section($"metric-{metric}", "</button>"));

    [Fact]
    public async Task TheLeadUnitRecordsAValueAndSeesTheGapAndStateAgainstTheProvincesBest()
    {
        var indicator = await IndicatorAsync(1);
        var metric = await MetricAsync(1, "办理时间"); // 0.5 天, lower is better
        var unit = await LeadAsync();

        using var recorded = await RecordAsync(unit, indicator, metric, ThisMonth, "0.8天", "县政务服务中心月报");

        Assert.Equal(HttpStatusCode.Redirect, recorded.StatusCode);
        var html = await unit.GetHtmlAsync($"/indicators/{indicator}");
        var row = Row(html, metric);
        Assert.Equal("0.5天", row[1]);
        Assert.StartsWith("0.8天", row[2], StringComparison.Ordinal);
        Assert.Equal("+0.3天", row[3]);
        Assert.StartsWith("差距较大", row[4], StringComparison.Ordinal);
        Assert.Contains("达到 62%", row[4], StringComparison.Ordinal);
        Assert.Contains("对标达标率：0%", HtmlPage.Text(new HtmlPage(HttpStatusCode.OK, html).Section("benchmark-rate", "</span>")), StringComparison.Ordinal);
        Assert.True(await portal.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.EntityType == "MetricReading")));
    }

    [Fact]
    public async Task ACorrectionForTheSameMonthCountsAndTheFirstValueStaysInTheHistory()
    {
        var indicator = await IndicatorAsync(1);
        var metric = await MetricAsync(1, "申请材料"); // 1 份
        var unit = await LeadAsync();
        using var first = await RecordAsync(unit, indicator, metric, ThisMonth, "3", "窗口登记表");
        using var second = await RecordAsync(unit, indicator, metric, ThisMonth, "1", "窗口登记表（更正）");

        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        Assert.Equal(2, await ReadingsAsync(metric));
        var html = await unit.GetHtmlAsync($"/indicators/{indicator}");
        var row = Row(html, metric);
        Assert.StartsWith("1份", row[2], StringComparison.Ordinal);
        Assert.StartsWith("已达到", row[4], StringComparison.Ordinal);
        var history = new HtmlPage(HttpStatusCode.OK, html).Section($"metric-{metric}", "</ol>");
        Assert.Contains("text-decoration-line-through", history, StringComparison.Ordinal); // the first, corrected
        Assert.Contains("窗口登记表（更正）", history, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSameValueSentTwiceIsKeptOnceAndThousandsSeparatorsAreRead()
    {
        var indicator = await IndicatorAsync(16);
        var metric = await MetricAsync(16, "专利质押融资金额"); // 34299 万元
        var unit = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Unit, "县市场监管局"));
        var month = ChinaTime.Today(portal.Clock).AddMonths(-1).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);

        using var first = await RecordAsync(unit, indicator, metric, month, "12,500", "县金融办");
        using var again = await RecordAsync(unit, indicator, metric, month, "12,500", "县金融办");

        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal(1, await ReadingsAsync(metric));
        Assert.Equal(12500m, await portal.WithDbAsync(db => db.MetricReadings.Where(r => r.MetricId == metric).Select(r => r.Value).SingleAsync()));
    }

    [Fact]
    public async Task AYesNoMetricTakes是Or否AndNothingElse()
    {
        var indicator = await IndicatorAsync(1);
        var metric = await MetricAsync(1, "免费刻章");
        var unit = await LeadAsync();

        using var unclear = await RecordAsync(unit, indicator, metric, ThisMonth, "部分免费", "窗口");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unclear.StatusCode);
        Assert.Contains("请填“是”或“否”", await unclear.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await ReadingsAsync(metric));

        using var met = await RecordAsync(unit, indicator, metric, ThisMonth, "是", "县市场监管局通知");
        Assert.Equal(HttpStatusCode.Redirect, met.StatusCode);
        var row = Row(await unit.GetHtmlAsync($"/indicators/{indicator}"), metric);
        Assert.StartsWith("是", row[2], StringComparison.Ordinal);
        Assert.StartsWith("已达到", row[4], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("next-month", "0.5", "窗口", "只能填报已经到来的月份")]
    [InlineData("1999-12", "0.5", "窗口", "期间须在 2000年1月")]
    [InlineData("上个月", "0.5", "窗口", "请写成 2026-11 或 2026年11月")]
    [InlineData("this-month", "大约两天", "窗口", "须是一个数")]
    [InlineData("this-month", "", "窗口", "须是一个数")]
    [InlineData("this-month", "0.5", "", "请填写来源")]
    [InlineData("this-month", "1e999", "窗口", "须是一个数")]
    [InlineData("this-month", "-1", "窗口", "不能是负数")]
    [InlineData("this-month", "1,5", "窗口", "须是一个数")]
    public async Task ABadReadingIsRefusedInChineseKeepsWhatWasTypedAndWritesNothing(string period, string value, string source, string message)
    {
        var indicator = await IndicatorAsync(1);
        var metric = await MetricAsync(1, "办理环节");
        var today = ChinaTime.Today(portal.Clock);
        var typed = period switch
        {
            "next-month" => today.AddMonths(1).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture),
            "this-month" => ThisMonth,
            _ => period,
        };
        var before = await ReadingsAsync(metric);

        using var response = await RecordAsync(await LeadAsync(), indicator, metric, typed, value, source);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains(message, html, StringComparison.Ordinal);
        Assert.Contains($"value=\"{WebUtility.HtmlEncode(typed)}\"", html, StringComparison.Ordinal);
        Assert.Equal(before, await ReadingsAsync(metric));
    }

    [Fact]
    public async Task AMetricOfAnotherIndicatorCannotBeRecordedThroughThisOne()
    {
        var indicator = await IndicatorAsync(1);
        var foreign = await MetricAsync(3, "高压办理时间");

        using var response = await RecordAsync(await LeadAsync(), indicator, foreign, ThisMonth, "2", "窗口");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("请选择本指标的一个对标指标项", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await ReadingsAsync(foreign));
    }

    [Fact]
    public async Task OnlyTheLeadUnitAndAdminsSeeTheForm()
    {
        var page = $"/indicators/{await IndicatorAsync(1)}";

        Assert.Contains("id=\"reading-form\"", await (await LeadAsync()).GetHtmlAsync(page), StringComparison.Ordinal);
        Assert.Contains("id=\"reading-form\"", await (await portal.SignInAsync(await portal.CreateUserAsync(Roles.Admin))).GetHtmlAsync(page), StringComparison.Ordinal);
        foreach (var other in new[] { await portal.SignInAsync(await portal.CreateUserAsync(Roles.Unit, "县公安局")), await portal.LeaderOfAsync(1), await portal.SignInAsync(await portal.CreateUserAsync(Roles.Viewer)) })
        {
            var html = await other.GetHtmlAsync(page);
            Assert.Contains("id=\"metric-table\"", html, StringComparison.Ordinal);
            Assert.DoesNotContain("id=\"reading-form\"", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task EvidenceOfAReadingIsKeptAndDownloads()
    {
        var indicator = await IndicatorAsync(1);
        var metric = await MetricAsync(1, "办理环节");
        var unit = await LeadAsync();

        using var recorded = await unit.PostFilesAsync($"/indicators/{indicator}", $"/indicators/{indicator}/readings", "file",
            new() { ["MetricId"] = metric.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Period"] = ThisMonth, ["Value"] = "3", ["Source"] = "登记系统" },
            ("统计表.pdf", Scenario.Pdf));

        Assert.Equal(HttpStatusCode.Redirect, recorded.StatusCode);
        var id = await portal.WithDbAsync(db => db.MetricReadings.Where(r => r.MetricId == metric && r.EvidenceName == "统计表.pdf").Select(r => r.Id).SingleAsync());
        Assert.Contains($"/readings/{id}/evidence", await unit.GetHtmlAsync($"/indicators/{indicator}"), StringComparison.Ordinal);
        using var download = await (await portal.SignInAsync(await portal.CreateUserAsync(Roles.Viewer))).GetAsync($"/readings/{id}/evidence");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(Scenario.Pdf, await download.Content.ReadAsByteArrayAsync());
        Assert.Contains("sandbox", download.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheLeadUnitsWorkListsTheMetricsStillToRecordThisMonth()
    {
        var indicator = await IndicatorAsync(2); // 办理建筑许可, led by 县住建局
        var metric = await MetricAsync(2, "审批时间");
        var unit = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Unit, "县住建局"));
        var due = () => unit.GetHtmlAsync("/my-work").ContinueWith(t => HtmlPage.Text(new HtmlPage(HttpStatusCode.OK, t.Result).Section("due-readings", "</section>")));

        Assert.Contains("2. 办理建筑许可：审批事项、审批时间、全流程在线审批", await due(), StringComparison.Ordinal);
        using var recorded = await RecordAsync(unit, indicator, metric, ThisMonth, "40", "工程建设项目审批系统");
        Assert.Equal(HttpStatusCode.Redirect, recorded.StatusCode);
        Assert.Contains("2. 办理建筑许可：审批事项、全流程在线审批", await due(), StringComparison.Ordinal);

        // A unit that leads no indicator with metrics has nothing to record.
        var member = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Unit, "县交通运输局"));
        Assert.DoesNotContain("id=\"due-readings\"", await member.GetHtmlAsync("/my-work"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnIndicatorWithoutFiguresSaysSo()
    {
        var html = await (await portal.SignInAsync(await portal.CreateUserAsync(Roles.Viewer))).GetHtmlAsync($"/indicators/{await IndicatorAsync(7)}");

        Assert.Contains("id=\"no-metrics\"", html, StringComparison.Ordinal);
    }
}
