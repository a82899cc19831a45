using System.Net;
using System.Text.RegularExpressions;
using Linze.BizEnv.Web.Authorization;
using Linze.BizEnv.Web.Data.Seeding;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Domain.Benchmarking;
using Linze.BizEnv.Web.Excel;
using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.IntegrationTests.Features.Imports;

/// <summary>
/// Issue #16 item 3: an imported list has no 对标指标项 of its own; the preview proposes them from each indicator's 全省最佳表现
/// for the office to accept, correct or drop, and only what the office accepts is stored.
/// </summary>
public partial class MetricSuggestionImportTests(BizEnvFactory portal) : IClassFixture<BizEnvFactory>
{
    private static readonly ListDocument Seed = SeedFile.ReadAsync(RepoPaths.SeedList).GetAwaiter().GetResult();

    private static byte[] Workbook(ListDocument list)
    {
        using var stream = new MemoryStream();
        OriginalListExporter.Write(list, stream);
        return stream.ToArray();
    }

    private static ListDocument NewList(string title) => Seed with { Title = title, Indicators = [.. Seed.Indicators.Select(i => i with { Metrics = null })] };

    private async Task<WebSession> AdminAsync() => await portal.SignInAsync(await portal.CreateUserAsync(Roles.Admin));

    private async Task<(WebSession Admin, string Html, string Token)> PreviewAsync(ListDocument list)
    {
        var admin = await AdminAsync();
        var preview = await admin.PostFilesAsync("/admin/import", "/admin/import", "file", [], ("清单.xlsx", Workbook(list)));
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        var html = await preview.Content.ReadAsStringAsync();
        return (admin, html, TokenPattern().Match(html).Groups[1].Value);
    }

    private Task<List<BenchmarkMetric>> MetricsAsync(string title) =>
        portal.WithDbAsync(db => db.BenchmarkMetrics.AsNoTracking().Include(m => m.Indicator)
            .Where(m => m.Indicator.List.Title == title).OrderBy(m => m.Indicator.Number).ThenBy(m => m.SortOrder).ToListAsync());

    [Fact]
    public async Task ThePreviewProposesEachFiguresMetricAndOnlyTheAcceptedOnesAsCorrectedAreStored()
    {
        const string title = "临泽县优化营商环境对标提升责任清单（建议指标项试导入）";
        var (admin, html, token) = await PreviewAsync(NewList(title));

        var proposals = new HtmlPage(HttpStatusCode.OK, html).Section("plan-metrics", "</section>");
        Assert.Contains("指标 1“开办企业”", proposals, StringComparison.Ordinal);
        Assert.Contains("2个环节", proposals, StringComparison.Ordinal);
        Assert.Contains("name=\"Metrics[0].Name\" value=\"环节\"", proposals, StringComparison.Ordinal);
        Assert.Contains("name=\"Metrics[0].Value\" value=\"2\"", proposals, StringComparison.Ordinal);
        Assert.DoesNotContain("“跨境贸易”", proposals, StringComparison.Ordinal); // no figures, nothing proposed
        Assert.DoesNotContain("checked", proposals, StringComparison.Ordinal); // nothing is taken unless the office ticks it
        Assert.Empty(await MetricsAsync(title));

        var confirm = await admin.PostFormAsync("/admin/import", "/admin/import/confirm", new()
        {
            ["token"] = token,
            ["Metrics[0].Indicator"] = "1", ["Metrics[0].Suggestion"] = "1", ["Metrics[0].Accept"] = "true",
            ["Metrics[0].Name"] = "办理环节", ["Metrics[0].Value"] = "2", ["Metrics[0].Unit"] = "个", ["Metrics[0].Direction"] = "LowerIsBetter",
            ["Metrics[1].Indicator"] = "1", ["Metrics[1].Suggestion"] = "2", // shown, not ticked: dropped
            ["Metrics[1].Name"] = "办理时间", ["Metrics[1].Value"] = "0.5", ["Metrics[1].Unit"] = "天", ["Metrics[1].Direction"] = "LowerIsBetter",
            ["Metrics[2].Indicator"] = "15", ["Metrics[2].Suggestion"] = "2", ["Metrics[2].Accept"] = "true",
            ["Metrics[2].Name"] = "全程网办率", ["Metrics[2].Value"] = "９４．６６", ["Metrics[2].Unit"] = "%", ["Metrics[2].Direction"] = "HigherIsBetter",
        });

        Assert.Equal(HttpStatusCode.Redirect, confirm.StatusCode);
        var notice = await admin.GetHtmlAsync(confirm.Headers.Location!.OriginalString);
        Assert.Contains($"已导入：新建清单《{title}》：18 项指标、44 个问题，采用对标指标项 2 项。", notice, StringComparison.Ordinal);
        var stored = await MetricsAsync(title);
        Assert.Equal([(1, "办理环节", 2m, "个", MetricDirection.LowerIsBetter), (15, "全程网办率", 94.66m, "%", MetricDirection.HigherIsBetter)],
            stored.Select(m => (m.Indicator.Number, m.Name, m.BestValue, m.Unit, m.Direction)));
        Assert.Equal(["2个环节", "全程网办率94.66%"], stored.Select(m => m.Words)); // the document's words, whatever was posted
    }

    [Fact]
    public async Task AYesNoCorrectionIsStoredAsAPracticeToReach()
    {
        const string title = "临泽县优化营商环境对标提升责任清单（是否类更正）";
        var (admin, _, token) = await PreviewAsync(NewList(title));

        await admin.PostFormAsync("/admin/import", "/admin/import/confirm", new()
        {
            ["token"] = token,
            ["Metrics[0].Indicator"] = "13", ["Metrics[0].Suggestion"] = "1", ["Metrics[0].Accept"] = "true",
            ["Metrics[0].Name"] = "合同公布", ["Metrics[0].Value"] = "", ["Metrics[0].Unit"] = "", ["Metrics[0].Direction"] = "YesNo",
        });

        var metric = Assert.Single(await MetricsAsync(title));
        Assert.True(metric.IsYesNo);
        Assert.Equal(MetricDirection.MustEqual, metric.Direction);
    }

    [Fact]
    public async Task ABadCorrectionIsRefusedNamingItAndThePreviewComesBackWithWhatWasTyped()
    {
        const string title = "临泽县优化营商环境对标提升责任清单（更正有误）";
        var (admin, _, token) = await PreviewAsync(NewList(title));
        Dictionary<string, string> Fields(string value) => new()
        {
            ["token"] = token, ["fileName"] = "清单.xlsx", // as the confirmation form sends them
            ["Metrics[0].Indicator"] = "1", ["Metrics[0].Suggestion"] = "1", ["Metrics[0].Accept"] = "true",
            ["Metrics[0].Name"] = "办理环节（已更正）", ["Metrics[0].Value"] = value, ["Metrics[0].Unit"] = "个", ["Metrics[0].Direction"] = "LowerIsBetter",
        };

        var refused = await admin.PostFormAsync("/admin/import", "/admin/import/confirm", Fields("两个"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains("指标 1“开办企业”的第 1 个建议指标项“办理环节（已更正）”：全省最佳值“两个”不是数字", html, StringComparison.Ordinal);
        Assert.Contains("value=\"办理环节（已更正）\"", html, StringComparison.Ordinal); // what was typed is still there
        Assert.Contains("value=\"两个\"", html, StringComparison.Ordinal);
        Assert.Contains("checked", new HtmlPage(HttpStatusCode.OK, html).Section("plan-metrics", "</section>"), StringComparison.Ordinal);
        Assert.Contains("这一项未能保存", new HtmlPage(HttpStatusCode.OK, html).Section("metric-1-1", "metric-1-2"), StringComparison.Ordinal); // the row is marked
        Assert.Contains("导入预览：清单.xlsx", html, StringComparison.Ordinal); // and the file keeps its name
        Assert.Equal(0, await portal.WithDbAsync(db => db.Lists.CountAsync(l => l.Title == title)));

        var fixedUp = await admin.PostFormAsync("/admin/import", "/admin/import/confirm", Fields("2"));
        Assert.Equal(HttpStatusCode.Redirect, fixedUp.StatusCode);
        Assert.Equal("办理环节（已更正）", Assert.Single(await MetricsAsync(title)).Name);
    }

    [Theory]
    [InlineData("18", "1", "LowerIsBetter", "指标 18")] // an indicator the file does not have
    [InlineData("1", "99", "LowerIsBetter", "第 99 个建议")]
    [InlineData("7", "1", "LowerIsBetter", "指标 7")] // 跨境贸易 states no figures: nothing was proposed
    [InlineData("1", "1", "Sideways", "方向")]
    public async Task AChoiceThePreviewDidNotOfferIsRefusedAndNothingIsWritten(string indicator, string suggestion, string direction, string named)
    {
        var title = $"临泽县优化营商环境对标提升责任清单（篡改{indicator}-{suggestion}-{direction}）";
        var list = NewList(title);
        if (indicator == "18")
        {
            list = list with { Indicators = [.. list.Indicators.Where(i => i.Number != 18)] };
        }

        var (admin, _, token) = await PreviewAsync(list);
        var response = await admin.PostFormAsync("/admin/import", "/admin/import/confirm", new()
        {
            ["token"] = token,
            ["Metrics[0].Indicator"] = indicator, ["Metrics[0].Suggestion"] = suggestion, ["Metrics[0].Accept"] = "true",
            ["Metrics[0].Name"] = "任意", ["Metrics[0].Value"] = "1", ["Metrics[0].Unit"] = "个", ["Metrics[0].Direction"] = direction,
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains(named, html, StringComparison.Ordinal);
        Assert.Contains("未导入任何内容", html, StringComparison.Ordinal);
        Assert.Equal(0, await portal.WithDbAsync(db => db.Lists.CountAsync(l => l.Title == title)));
    }

    [Fact]
    public async Task AnIndicatorThatHasMetricsIsOfferedNoneAndAnUnchangedListCanStillTakeSuggestions()
    {
        const string title = "临泽县优化营商环境对标提升责任清单（二次导入）";
        var (admin, _, token) = await PreviewAsync(NewList(title));
        await admin.PostFormAsync("/admin/import", "/admin/import/confirm", new()
        {
            ["token"] = token,
            ["Metrics[0].Indicator"] = "1", ["Metrics[0].Suggestion"] = "1", ["Metrics[0].Accept"] = "true",
            ["Metrics[0].Name"] = "办理环节", ["Metrics[0].Value"] = "2", ["Metrics[0].Unit"] = "个", ["Metrics[0].Direction"] = "LowerIsBetter",
        });

        // The same file again: the list is as the file says, but indicator 1 has its metric now and the others still have none.
        var (again, html, secondToken) = await PreviewAsync(NewList(title));
        var proposals = new HtmlPage(HttpStatusCode.OK, html).Section("plan-metrics", "</section>");
        Assert.DoesNotContain("指标 1“开办企业”", proposals, StringComparison.Ordinal);
        Assert.Contains("指标 12“劳动力市场监管”", proposals, StringComparison.Ordinal);
        Assert.Contains("confirm-import", html, StringComparison.Ordinal);

        var unchanged = await again.PostFormAsync("/admin/import", "/admin/import/confirm", new() { ["token"] = secondToken });
        Assert.Equal(HttpStatusCode.Redirect, unchanged.StatusCode);
        Assert.Single(await MetricsAsync(title)); // nothing ticked: nothing added

        var (third, _, thirdToken) = await PreviewAsync(NewList(title));
        var offeredTwice = await third.PostFormAsync("/admin/import", "/admin/import/confirm", new()
        {
            ["token"] = thirdToken,
            ["Metrics[0].Indicator"] = "1", ["Metrics[0].Suggestion"] = "2", ["Metrics[0].Accept"] = "true",
            ["Metrics[0].Name"] = "办理时间", ["Metrics[0].Value"] = "0.5", ["Metrics[0].Unit"] = "天", ["Metrics[0].Direction"] = "LowerIsBetter",
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, offeredTwice.StatusCode);
        Assert.Single(await MetricsAsync(title));
    }

    [Fact]
    public async Task AConfirmationOfMoreRowsThanMvcsDefaultCollectionLimitIsImported()
    {
        // A big list's preview posts every suggestion row, ticked or not: 1,100 rows once answered 500.
        const string title = "临泽县优化营商环境对标提升责任清单（大清单确认）";
        var (admin, _, token) = await PreviewAsync(NewList(title));
        var form = new Dictionary<string, string> { ["token"] = token };
        for (var i = 0; i < 1100; i++)
        {
            form[$"Metrics[{i}].Indicator"] = "1";
            form[$"Metrics[{i}].Suggestion"] = "1";
            form[$"Metrics[{i}].Name"] = "环节";
        }

        var response = await admin.PostFormAsync("/admin/import", "/admin/import/confirm", form);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(1, await portal.WithDbAsync(db => db.Lists.CountAsync(l => l.Title == title)));
    }

    [Fact]
    public async Task TwoAcceptedMetricsOfOneNameAreRefusedNamingThem()
    {
        const string title = "临泽县优化营商环境对标提升责任清单（同名指标项）";
        var (admin, _, token) = await PreviewAsync(NewList(title));

        var response = await admin.PostFormAsync("/admin/import", "/admin/import/confirm", new()
        {
            ["token"] = token,
            ["Metrics[0].Indicator"] = "3", ["Metrics[0].Suggestion"] = "3", ["Metrics[0].Accept"] = "true",
            ["Metrics[0].Name"] = "办理时间", ["Metrics[0].Value"] = "0.5", ["Metrics[0].Unit"] = "天", ["Metrics[0].Direction"] = "LowerIsBetter",
            ["Metrics[1].Indicator"] = "3", ["Metrics[1].Suggestion"] = "4", ["Metrics[1].Accept"] = "true",
            ["Metrics[1].Name"] = "办理时间", ["Metrics[1].Value"] = "2.7", ["Metrics[1].Unit"] = "天", ["Metrics[1].Direction"] = "LowerIsBetter",
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("指标 3“获得电力”采用的指标项中有 2 个都叫“办理时间”，请改名区分后再确认。", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await portal.WithDbAsync(db => db.Lists.CountAsync(l => l.Title == title)));
    }

    [Fact]
    public async Task ARightToLeftOverrideInACellIsDroppedOnImport()
    {
        const string title = "临泽县优化营商环境对标提升责任清单（双向控制符）";
        var list = NewList(title);
        list = list with { Indicators = [.. list.Indicators.Select(i => i.Number == 1 ? i with { ProvinceBest = "1份资料\u202E，3个部门，12小时" } : i)] };
        var (admin, html, token) = await PreviewAsync(list);

        Assert.DoesNotContain("\u202E", html, StringComparison.Ordinal);
        await admin.PostFormAsync("/admin/import", "/admin/import/confirm", new() { ["token"] = token });
        Assert.Equal("1份资料，3个部门，12小时", await portal.WithDbAsync(db => db.Indicators.Where(i => i.List.Title == title && i.Number == 1).Select(i => i.ProvinceBest).SingleAsync()));
    }

    [Fact]
    public async Task TheSeededListWithItsHandTranscribedMetricsIsOfferedNothing()
    {
        var (_, html, _) = await PreviewAsync(Seed);

        Assert.DoesNotContain("id=\"plan-metrics\"", html, StringComparison.Ordinal);
        Assert.Contains("完全一致，无需导入", html, StringComparison.Ordinal);
    }

    [GeneratedRegex("name=\"token\" value=\"([0-9a-f]{32})\"")]
    private static partial Regex TokenPattern();
}
