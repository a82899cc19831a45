using System.Net;
using Linze.BizEnv.Web.Cli;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Domain.Benchmarking;
using Linze.BizEnv.Web.Excel;
using Microsoft.EntityFrameworkCore;
using OfficeOpenXml;

namespace Linze.BizEnv.IntegrationTests.Features.Benchmarks;

/// <summary>The 对标差距 sheet: in the 整改台账 export and alone from <c>export benchmarks</c>, read back cell by cell.</summary>
public class BenchmarkExportTests(BizEnvFactory portal) : IClassFixture<BizEnvFactory>
{
    private async Task<DateOnly> ReadingsAsync()
    {
        var today = ChinaTime.Today(portal.Clock);
        var thisMonth = new DateOnly(today.Year, today.Month, 1);
        await portal.WithDbAsync(async db =>
        {
            if (await db.MetricReadings.AnyAsync())
            {
                return 0;
            }

            var time = await db.BenchmarkMetrics.SingleAsync(m => m.Indicator.Number == 1 && m.Name == "办理时间");
            db.MetricReadings.Add(new MetricReading { MetricId = time.Id, Period = thisMonth, Value = 0.8m, Source = "测试", RecordedByName = "测试", RecordedAtUtc = DateTime.UtcNow });
            return await db.SaveChangesAsync();
        });
        return thisMonth;
    }

    private static ExcelWorksheet Sheet(ExcelPackage package) => package.Workbook.Worksheets[LedgerExporter.BenchmarkSheet];

    private static int RowOf(ExcelWorksheet sheet, string indicator, string metric) =>
        Enumerable.Range(4, sheet.Dimension.End.Row - 3).Single(r => sheet.Cells[r, 2].Text == indicator && sheet.Cells[r, 3].Text == metric);

    [Fact]
    public async Task TheVerbWritesTheSheetAloneOneRowPerMetricWithNumbersAndTheGap()
    {
        var month = await ReadingsAsync();
        var file = Path.Combine(Path.GetTempPath(), $"benchmarks-{Guid.NewGuid():N}.xlsx");
        try
        {
            using var output = new StringWriter();
            using var error = new StringWriter();
            Assert.Equal(0, await CommandLine.RunAsync(portal.Services, ["export", "benchmarks", file], output, error));
            Assert.Contains("已导出对标差距（69 个指标项，已填报 1 个）", output.ToString(), StringComparison.Ordinal);

            using var package = new ExcelPackage(new FileInfo(file));
            Assert.Equal([LedgerExporter.BenchmarkSheet], package.Workbook.Worksheets.Select(w => w.Name));
            var sheet = Sheet(package);
            Assert.Equal(LedgerExporter.BenchmarkHeaders, Enumerable.Range(1, 10).Select(c => sheet.Cells[3, c].Text));
            Assert.Equal(69, sheet.Dimension.End.Row - 3);
            Assert.Equal(Enumerable.Range(1, 69).Select(i => (double)i), Enumerable.Range(4, 69).Select(r => Convert.ToDouble(sheet.Cells[r, 1].Value, System.Globalization.CultureInfo.InvariantCulture)));

            var time = RowOf(sheet, "1. 开办企业", "办理时间");
            Assert.Equal(0.5, Convert.ToDouble(sheet.Cells[time, 4].Value, System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal("天", sheet.Cells[time, 5].Text);
            Assert.Equal("越低越好", sheet.Cells[time, 6].Text);
            Assert.Equal(0.8, Convert.ToDouble(sheet.Cells[time, 7].Value, System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(month.ToDateTime(TimeOnly.MinValue), sheet.Cells[time, 8].GetValue<DateTime>());
            Assert.Equal(0.3, Convert.ToDouble(sheet.Cells[time, 9].Value, System.Globalization.CultureInfo.InvariantCulture), 6);
            Assert.Equal("差距较大", sheet.Cells[time, 10].Text);

            var seal = RowOf(sheet, "1. 开办企业", "免费刻章");
            Assert.Equal("是", sheet.Cells[seal, 4].Text);
            Assert.Null(sheet.Cells[seal, 7].Value);
            Assert.Equal("未填报", sheet.Cells[seal, 10].Text);
            Assert.Equal(eOrientation.Landscape, sheet.PrinterSettings.Orientation);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task TheLedgerCarriesTheSheetNarrowedToTheLeadersIndicators()
    {
        await ReadingsAsync();
        var admin = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Admin));

        using var whole = await admin.GetAsync("/reports/ledger.xlsx");
        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        using (var package = new ExcelPackage(await whole.Content.ReadAsStreamAsync()))
        {
            Assert.Equal(69, Sheet(package).Dimension.End.Row - 3);
        }

        using var narrowed = await admin.GetAsync("/reports/ledger.xlsx?leader=" + Uri.EscapeDataString("李国志")); // 获得电力 (3) and 跨境贸易 (7, no figures)
        using var filtered = new ExcelPackage(await narrowed.Content.ReadAsStreamAsync());
        var sheet = Sheet(filtered);
        Assert.All(Enumerable.Range(4, sheet.Dimension.End.Row - 3), r => Assert.Equal("3. 获得电力", sheet.Cells[r, 2].Text));
        Assert.Equal(7, sheet.Dimension.End.Row - 3);
        Assert.Contains("责任领导：李国志", sheet.Cells[1, 1].Text, StringComparison.Ordinal);
    }
}
