using System.Net;
using Linze.BizEnv.Web.Domain;
using Microsoft.EntityFrameworkCore;
using OfficeOpenXml;

namespace Linze.BizEnv.IntegrationTests.Features.Benchmarks;

/// <summary>本县现值 from Excel: the template, a preview of every reading, refusals naming each cell, one transaction on confirmation.</summary>
public class ReadingImportTests(BizEnvFactory portal) : IClassFixture<BizEnvFactory>
{
    private const string Page = "/admin/import-readings";

    private string ThisMonth => ChinaTime.Today(portal.Clock).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);

    private async Task<WebSession> AdminAsync() => await portal.SignInAsync(await portal.CreateUserAsync(Roles.Admin));

    private Task<int> ReadingsAsync() => portal.WithDbAsync(db => db.MetricReadings.CountAsync());

    /// <summary>A sheet in the import's layout: a title row, the header, then the given rows (指标, 指标项, 期间, 本县值, 来源).</summary>
    internal static byte[] Sheet(params object?[][] rows)
    {
        using var package = new ExcelPackage();
        var sheet = package.Workbook.Worksheets.Add("本县现值");
        sheet.Cells[1, 1].Value = "本县现值填报表";
        string[] headers = ["指标", "指标项", "期间", "本县值", "来源"];
        for (var c = 0; c < headers.Length; c++)
        {
            sheet.Cells[2, c + 1].Value = headers[c];
        }

        for (var r = 0; r < rows.Length; r++)
        {
            for (var c = 0; c < rows[r].Length; c++)
            {
                sheet.Cells[r + 3, c + 1].Value = rows[r][c];
            }
        }

        return package.GetAsByteArray();
    }

    private static Task<HttpResponseMessage> UploadAsync(WebSession admin, byte[] file) =>
        admin.PostFilesAsync(Page, Page, "file", [], ("本县现值.xlsx", file));

    private static async Task<HttpResponseMessage> ConfirmAsync(WebSession admin, HttpResponseMessage preview)
    {
        var html = await preview.Content.ReadAsStringAsync();
        var token = System.Text.RegularExpressions.Regex.Match(html, "name=\"token\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(token);
        return await admin.PostFormAsync(Page, Page + "/confirm", new() { ["token"] = token });
    }

    [Fact]
    public async Task TheFilledTemplateImportsAfterAPreviewAndTheSameFileTwiceChangesNothing()
    {
        var admin = await AdminAsync();
        using var template = await admin.GetAsync(Page + "/template.xlsx");
        Assert.Equal(HttpStatusCode.OK, template.StatusCode);
        using var package = new ExcelPackage(await template.Content.ReadAsStreamAsync());
        var sheet = package.Workbook.Worksheets["本县现值"];
        Assert.Equal(["指标", "指标项", "期间", "本县值", "来源"], Enumerable.Range(1, 5).Select(c => sheet.Cells[3, c].Text));
        Assert.Equal(69, sheet.Dimension.End.Row - 3);
        int RowOf(string indicator, string metric) => Enumerable.Range(4, 69).Single(r => sheet.Cells[r, 1].Text == indicator && sheet.Cells[r, 2].Text == metric);
        Assert.Equal(ThisMonth, sheet.Cells[4, 3].Text);
        sheet.Cells[RowOf("1. 开办企业", "办理时间"), 4].Value = 0.8;
        sheet.Cells[RowOf("1. 开办企业", "办理时间"), 5].Value = "县政务服务中心月报";
        sheet.Cells[RowOf("1. 开办企业", "免费刻章"), 4].Value = "是";
        sheet.Cells[RowOf("1. 开办企业", "免费刻章"), 5].Value = "县市场监管局通知";
        // Rows left blank (no value, no source) are not readings: keep only the filled ones and the header.
        for (var r = sheet.Dimension.End.Row; r >= 4; r--)
        {
            if (sheet.Cells[r, 4].Value is null)
            {
                sheet.DeleteRow(r);
            }
        }

        var filled = package.GetAsByteArray();
        var before = await ReadingsAsync();

        using var preview = await UploadAsync(admin, filled);
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        var rows = new HtmlPage(preview.StatusCode, await preview.Content.ReadAsStringAsync()).Rows("reading-changes");
        Assert.Equal(2, rows.Count);
        Assert.Contains(rows, r => r[2] == "办理时间" && r[4] == "0.8天" && r[6] == "新填报");
        Assert.Equal(before, await ReadingsAsync());

        using var confirmed = await ConfirmAsync(admin, preview);
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.Equal(before + 2, await ReadingsAsync());

        using var again = await UploadAsync(admin, filled);
        var html = await again.Content.ReadAsStringAsync();
        Assert.Contains("id=\"no-changes\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"token\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryBadCellIsNamedAndNothingIsWritten()
    {
        var admin = await AdminAsync();
        var before = await ReadingsAsync();
        var file = Sheet(
            ["1. 开办企业", "办理环节", ThisMonth, 3, "登记系统"], // good, but the file is refused as a whole
            ["99. 不存在的指标", "办理环节", ThisMonth, 3, "登记系统"],
            ["开办企业", "办理天数", ThisMonth, 3, "登记系统"],
            ["1", "申请材料", "上个月", 3, "登记系统"],
            ["1. 开办企业", "办理时间", ThisMonth, "两天", "登记系统"],
            ["1. 开办企业", "免费刻章", ThisMonth, "是", null],
            ["3. 获得电力", "高压办理时间", "2099-01", 2, "供电公司"]);

        using var response = await UploadAsync(admin, file);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var error = HtmlPage.Text(new HtmlPage(response.StatusCode, await response.Content.ReadAsStringAsync()).Section("import-error", "</ul>"));
        Assert.Contains("本县现值!A4：当前清单中没有指标“99. 不存在的指标”", error, StringComparison.Ordinal);
        Assert.Contains("本县现值!B5：指标“开办企业”没有指标项“办理天数”", error, StringComparison.Ordinal);
        Assert.Contains("本县现值!C6：期间“上个月”无法识别", error, StringComparison.Ordinal);
        Assert.Contains("本县现值!D7：“办理时间”的本县值须是一个数", error, StringComparison.Ordinal);
        Assert.Contains("本县现值!E8：请填写来源", error, StringComparison.Ordinal);
        Assert.Contains("本县现值!C9：期间须在 2000年1月 至本月", error, StringComparison.Ordinal);
        Assert.DoesNotContain("!A3", error, StringComparison.Ordinal);
        Assert.Equal(before, await ReadingsAsync());
    }

    [Fact]
    public async Task ADifferentValueForAReportedMonthIsACorrectionAndTheSameMonthTwiceInAFileIsRefused()
    {
        var admin = await AdminAsync();
        using var first = await UploadAsync(admin, Sheet(["5. 登记财产", "办理环节", ThisMonth, 5, "不动产登记中心"]));
        using var done = await ConfirmAsync(admin, first);
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);

        using var correction = await UploadAsync(admin, Sheet(["5. 登记财产", "办理环节", ThisMonth, 4, "不动产登记中心（更正）"]));
        var row = Assert.Single(new HtmlPage(correction.StatusCode, await correction.Content.ReadAsStringAsync()).Rows("reading-changes"));
        Assert.Equal("更正", row[6]);

        using var twice = await UploadAsync(admin, Sheet(["5. 登记财产", "办理时间", ThisMonth, 1, "甲"], ["登记财产", "办理时间", ThisMonth, 2, "乙"]));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, twice.StatusCode);
        Assert.Contains("同一月份只能填一次", await twice.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARowWithoutItsIndicatorIsRefusedNotMatchedToAnotherIndicator()
    {
        var before = await ReadingsAsync();

        // 办理时间 is a metric of 开办企业 and of 登记财产: without its indicator the row must not go to either (attack pass).
        using var response = await UploadAsync(await AdminAsync(), Sheet([null, "办理时间", ThisMonth, 3, "登记中心"]));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("本县现值!A3：请填写指标", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await ReadingsAsync());
    }

    [Fact]
    public async Task RowsLeftBlankInTheTemplateAreSkippedAndCounted()
    {
        var admin = await AdminAsync();

        using var preview = await UploadAsync(admin, Sheet(
            ["14. 招标投标", "投标保证金退还时限", ThisMonth, 1, "公共资源交易中心"],
            ["14. 招标投标", "异议与投诉处理时限", ThisMonth, null, null]));

        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        var html = await preview.Content.ReadAsStringAsync();
        Assert.Single(new HtmlPage(preview.StatusCode, html).Rows("reading-changes"));
        Assert.Contains("未填本县值的 1 行已跳过", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnOverLongCellIsNamedAlongWithEveryOtherBadCell()
    {
        using var response = await UploadAsync(await AdminAsync(), Sheet(
            ["1. 开办企业", "办理环节", ThisMonth, 3, new string('源', 300)],
            ["1. 开办企业", "申请材料", ThisMonth, "很多", "窗口"]));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("本县现值!E3：来源超过 200 个字", html, StringComparison.Ordinal);
        Assert.Contains("本县现值!D4：", html, StringComparison.Ordinal);
        Assert.Contains("未导入任何内容", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnIndicatorWithoutMetricsIsSaidToHaveNone()
    {
        using var response = await UploadAsync(await AdminAsync(), Sheet(["7. 跨境贸易", "通关时间", ThisMonth, 3, "海关"]));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("指标“跨境贸易”没有对标指标项", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFileWithoutTheHeaderIsRefusedSayingWhatItNeeds()
    {
        using var package = new ExcelPackage();
        package.Workbook.Worksheets.Add("Sheet1").Cells[1, 1].Value = "随便写的内容";

        using var response = await UploadAsync(await AdminAsync(), package.GetAsByteArray());

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("“指标”“指标项”“期间”“本县值”“来源”", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
