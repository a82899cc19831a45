using System.Globalization;
using System.Net;
using Linze.BizEnv.IntegrationTests.Workflow;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Domain.Benchmarking;
using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.IntegrationTests.Features.Benchmarks;

/// <summary>
/// The county office corrects, adds and removes 对标指标项 on the indicator page: a seed metric's note tells it to correct
/// a direction there, and a metric accepted at import may need its name fixed later.
/// </summary>
public class MetricManagementTests(BizEnvFactory portal) : IClassFixture<BizEnvFactory>
{
    private Task<(int Indicator, int Metric, Guid Version)> MetricAsync(int number, string name) =>
        portal.WithDbAsync(db => db.BenchmarkMetrics.Where(m => m.Indicator.Number == number && m.Name == name)
            .Select(m => new ValueTuple<int, int, Guid>(m.IndicatorId, m.Id, m.Version)).SingleAsync());

    private Task<BenchmarkMetric?> StoredAsync(int metric) => portal.WithDbAsync(db => db.BenchmarkMetrics.AsNoTracking().SingleOrDefaultAsync(m => m.Id == metric));

    private Task<int> IndicatorAsync(int number) => portal.WithDbAsync(db => db.Indicators.Where(i => i.Number == number).Select(i => i.Id).SingleAsync());

    private async Task<WebSession> AdminAsync() => await portal.SignInAsync(await portal.CreateUserAsync(Roles.Admin));

    private static Dictionary<string, string> Form(int metric, Guid version, string name, string words, string value, string unit, string direction, string note = "") => new()
    {
        ["MetricId"] = metric.ToString(CultureInfo.InvariantCulture), ["Version"] = version.ToString(), ["Name"] = name, ["Words"] = words,
        ["Value"] = value, ["Unit"] = unit, ["Direction"] = direction, ["Note"] = note,
    };

    [Fact]
    public async Task AnAdminCorrectsTheDirectionTheSeedNoteAsksAboutAndTheAuditKeepsTheOldOne()
    {
        var (indicator, metric, version) = await MetricAsync(17, "涉政府产权纠纷案件数量及治理情况");
        var admin = await AdminAsync();
        var page = await admin.GetHtmlAsync($"/indicators/{indicator}");
        Assert.Contains($"id=\"metric-edit-{metric}-form\"", page, StringComparison.Ordinal);

        var response = await admin.PostFormAsync($"/indicators/{indicator}", $"/indicators/{indicator}/metrics/{metric}",
            Form(metric, version, "涉政府产权纠纷案件治理情况", "本级政府2021年涉政府产权纠纷案件数量及治理情况37项", "37", "项", "HigherIsBetter", "已与市场监管局确认：按治理情况计，越多越好。"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var stored = await StoredAsync(metric);
        Assert.Equal(("涉政府产权纠纷案件治理情况", MetricDirection.HigherIsBetter, "已与市场监管局确认：按治理情况计，越多越好。"), (stored!.Name, stored.Direction, stored.Note));
        Assert.NotEqual(version, stored.Version);
        Assert.Contains("涉政府产权纠纷案件治理情况", await admin.GetHtmlAsync($"/indicators/{indicator}"), StringComparison.Ordinal);
        Assert.True(await portal.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.EntityType == "BenchmarkMetric" && a.Changes!.Contains("LowerIsBetter"))));
    }

    [Fact]
    public async Task AFormFromBeforeAnotherAdminsCorrectionIsRefusedAndWhatWasTypedIsShownAgain()
    {
        var (indicator, metric, version) = await MetricAsync(15, "服务态度评分");
        var first = await AdminAsync();
        var second = await AdminAsync();
        await second.GetHtmlAsync($"/indicators/{indicator}"); // both opened the page at the same version
        Assert.Equal(HttpStatusCode.Redirect, (await first.PostFormAsync($"/indicators/{indicator}", $"/indicators/{indicator}/metrics/{metric}",
            Form(metric, version, "服务态度", "服务态度9分", "9", "分", "HigherIsBetter"))).StatusCode);

        var late = await second.PostFormAsync($"/indicators/{indicator}", $"/indicators/{indicator}/metrics/{metric}",
            Form(metric, version, "服务态度满意度", "服务态度9分", "10", "分", "HigherIsBetter"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, late.StatusCode);
        var html = await late.Content.ReadAsStringAsync();
        Assert.Contains("刚被他人修改或删除，本次未保存", html, StringComparison.Ordinal);
        Assert.Contains("value=\"服务态度满意度\"", html, StringComparison.Ordinal);
        var kept = await StoredAsync(metric);
        Assert.Equal(("服务态度", 9m), (kept!.Name, kept.BestValue));

        var removeStale = await second.PostFormAsync($"/indicators/{indicator}", $"/indicators/{indicator}/metrics/{metric}/delete", new() { ["version"] = version.ToString() });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, removeStale.StatusCode);
        Assert.NotNull(await StoredAsync(metric));
    }

    [Theory]
    [InlineData("办理环节", "3个环节", "3", "个", "LowerIsBetter", "不在本指标的“全省最佳表现”中")] // words not in the cell
    [InlineData("", "2个环节", "2", "个", "LowerIsBetter", "须有名称")]
    [InlineData("办理环节", "2个环节", "两个", "个", "LowerIsBetter", "全省最佳值“两个”不是数字")]
    [InlineData("办理环节", "2个环节", "2", "个", "Backwards", "方向无法识别")]
    [InlineData("办理环节", "2个环节", "2", "个", "LowerIsBetter", "本指标已有名为“办理环节”的对标指标项")] // the seed has it
    [InlineData("环节数", "2个环节", "-2", "个", "LowerIsBetter", "是负数")]
    [InlineData("环节数", "2个环节", "100000000000", "个", "LowerIsBetter", "过大")]
    [InlineData("环节数", "2个环节", "0.0000001", "个", "LowerIsBetter", "小数超过 4 位")]
    public async Task AnUnstorableMetricIsRefusedInChineseAndNothingIsAdded(string name, string words, string value, string unit, string direction, string says)
    {
        var indicator = await IndicatorAsync(1);
        var before = await portal.WithDbAsync(db => db.BenchmarkMetrics.CountAsync());

        var response = await (await AdminAsync()).PostFormAsync($"/indicators/{indicator}", $"/indicators/{indicator}/metrics", Form(0, Guid.Empty, name, words, value, unit, direction));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains(says, html, StringComparison.Ordinal);
        Assert.Contains("id=\"metric-add\" open", html, StringComparison.Ordinal); // the add form is open again with what was typed
        Assert.Equal(before, await portal.WithDbAsync(db => db.BenchmarkMetrics.CountAsync()));
    }

    [Fact]
    public async Task AnAddedMetricComesLastAndCanBeRecorded()
    {
        var indicator = await IndicatorAsync(5); // 登记财产: 0.5天，4个环节 …
        var admin = await AdminAsync();

        var response = await admin.PostFormAsync($"/indicators/{indicator}", $"/indicators/{indicator}/metrics",
            Form(0, Guid.Empty, "一窗受理、并行办理", "“一窗受理、并行办理”", "", "", BenchmarkMetric.YesNoChoice));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var added = await portal.WithDbAsync(db => db.BenchmarkMetrics.Where(m => m.IndicatorId == indicator).OrderByDescending(m => m.SortOrder).FirstAsync());
        Assert.Equal(("一窗受理、并行办理", true, MetricDirection.MustEqual), (added.Name, added.IsYesNo, added.Direction));
        Assert.Contains($"<option value=\"{added.Id}\"", await admin.GetHtmlAsync($"/indicators/{indicator}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMetricWithReadingsKeepsItsKindAndIsRemovedWithItsReadingsOnlyWhenAsked()
    {
        var (indicator, metric, version) = await MetricAsync(9, "贷款耗时");
        var admin = await AdminAsync();
        var month = ChinaTime.Today(portal.Clock).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        await admin.PostFormAsync($"/indicators/{indicator}", $"/indicators/{indicator}/readings",
            new() { ["MetricId"] = metric.ToString(CultureInfo.InvariantCulture), ["Period"] = month, ["Value"] = "1", ["Source"] = "人行月报" });

        var toYesNo = await admin.PostFormAsync($"/indicators/{indicator}", $"/indicators/{indicator}/metrics/{metric}",
            Form(metric, version, "贷款耗时", "贷款耗时最短为0.5天", "", "", BenchmarkMetric.YesNoChoice));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, toYesNo.StatusCode);
        Assert.Contains("已有本县现值，不能在数值与“是/否”之间切换", await toYesNo.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var page = await admin.GetHtmlAsync($"/indicators/{indicator}");
        Assert.Contains("删除“贷款耗时”及其 1 次本县现值填报？", page, StringComparison.Ordinal);
        var removed = await admin.PostFormAsync($"/indicators/{indicator}", $"/indicators/{indicator}/metrics/{metric}/delete", new() { ["version"] = version.ToString() });

        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.Null(await StoredAsync(metric));
        Assert.Equal(0, await portal.WithDbAsync(db => db.MetricReadings.CountAsync(r => r.MetricId == metric)));
    }

    [Fact]
    public async Task TheLeadUnitRecordsReadingsButSeesNoFormToChangeTheMetrics()
    {
        var indicator = await IndicatorAsync(1);
        var unit = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Unit, "县市场监管局"));

        var page = await unit.GetHtmlAsync($"/indicators/{indicator}");

        Assert.Contains("id=\"reading-form\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("metric-edit-", page, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"metric-add\"", page, StringComparison.Ordinal);
    }
}
