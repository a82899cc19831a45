using Linze.BizEnv.Web.Domain.Rectification;
using Linze.BizEnv.Web.Excel;
using Linze.BizEnv.Web.Features.Reports;
using MiniExcelLibs;
using OfficeOpenXml;

namespace Linze.BizEnv.UnitTests.Excel;

public class LedgerExporterTests
{
    private static readonly DateTime ClosedOnTime = new(2026, 3, 1, 2, 0, 0, DateTimeKind.Utc);

    private static LedgerReport Report() => new("某县清单", "某县人民政府办公室", new DateOnly(2026, 11, 26), null,
    [
        new(1, "开办企业", 1, "刻章收费", "免费刻章", "甲局", "张三", new DateOnly(2026, 1, 1), ProblemStatus.InProgress, 40, "正在协调", new DateOnly(2025, 12, 1), true, TrafficLight.Red, null, UrgeLevel: UrgeLevel.Red),
        new(1, "开办企业", 2, "=HYPERLINK(\"http://evil\",\"点我\")", "+1+2", "甲局", "张三", new DateOnly(2026, 12, 31), ProblemStatus.Closed, 100, "-已完成", new DateOnly(2026, 3, 1), false, TrafficLight.Closed, ClosedOnTime),
        new(2, "纳税", 1, "线上办税不熟练", null, "乙局", "李四", new DateOnly(2026, 12, 1), ProblemStatus.NotStarted, 0, null, null, false, TrafficLight.Yellow, null),
        new(7, "跨境贸易", null, null, null, "丙局", "王五", null, null, null, "@组织培训", new DateOnly(2026, 10, 1), false, null, null),
        new(8, "办理建筑许可", 1, "审批环节多", "压减环节", "丁局", "赵六", null, ProblemStatus.Ongoing, 50, null, null, false, TrafficLight.Green, null, IsLongTerm: true),
    ], []);

    private static ExcelPackage Export(LedgerReport report)
    {
        var stream = new MemoryStream();
        LedgerExporter.Write(report, stream);
        stream.Position = 0;
        return new ExcelPackage(stream);
    }

    [Fact]
    public void TheLedgerHasATitleTheAsOfDateAndTheOfficesColumns()
    {
        using var package = Export(Report());
        var sheet = package.Workbook.Worksheets["整改台账"];

        Assert.Equal("某县清单 整改台账", sheet.Cells["A1"].Text);
        Assert.StartsWith("截至 2026-11-26", sheet.Cells["A2"].Text, StringComparison.Ordinal);
        Assert.Equal(LedgerExporter.Headers, Enumerable.Range(1, LedgerExporter.Headers.Length).Select(c => sheet.Cells[3, c].Text));
        Assert.Equal(["1", "1-1", "1. 开办企业", "1.刻章收费", "免费刻章", "甲局", "张三", "2026-01-01", "整改中", "红灯", "40%", "正在协调", "2025-12-01", "是"],
            Enumerable.Range(1, 14).Select(c => sheet.Cells[4, c].Text));
        Assert.Equal("", sheet.Cells[7, 2].Text);
        Assert.Equal("（本指标未列出存在问题）", sheet.Cells[7, 4].Text);
    }

    [Fact]
    public void AFilteredLedgerNamesItsFilterInEachSheetsTitle()
    {
        using var package = Export(Report() with { Filter = "责任领导：张三，状态：整改中" });

        Assert.Equal("某县清单 整改台账（责任领导：张三，状态：整改中）", package.Workbook.Worksheets["整改台账"].Cells["A1"].Text);
        Assert.Equal("某县清单 各单位整改情况汇总（责任领导：张三，状态：整改中）", package.Workbook.Worksheets["单位汇总"].Cells["A1"].Text);
        Assert.Equal("截至 2026-11-26", package.Workbook.Worksheets["整改台账"].Cells["A2"].Text);
        Assert.Equal("某县清单 整改台账（责任领导：张三，状态：整改中）", package.Workbook.Properties.Title);
    }

    [Fact]
    public void EachProblemHasAStableNumberALongTermDueDateAndAHiddenChecksumForTheImport()
    {
        using var package = Export(Report());
        var sheet = package.Workbook.Worksheets["整改台账"];

        Assert.Equal(["1-1", "1-2", "2-1", "", "8-1"], Enumerable.Range(4, 5).Select(r => sheet.Cells[r, 2].Text));
        Assert.Equal("@", sheet.Cells["B4"].Style.Numberformat.Format); // typed again, 1-2 stays text, not a date
        Assert.EndsWith("FFC7CE", sheet.Cells["B4"].Style.Fill.BackgroundColor.Rgb, StringComparison.OrdinalIgnoreCase); // and keeps its light
        Assert.True(sheet.Cells["B4"].Style.Border.Left.Style != OfficeOpenXml.Style.ExcelBorderStyle.None);
        Assert.Equal("长期坚持", sheet.Cells["H8"].Text);
        Assert.True(sheet.Column(18).Hidden); // after 督办等级, 整改完成情况说明 and 审核意见
        Assert.Equal(LedgerLayout.ChecksumOf("免费刻章", "2026-01-01", "甲局"), sheet.Cells["R4"].Text);
        Assert.Equal(LedgerLayout.ChecksumOf("压减环节", "长期坚持", "丁局"), sheet.Cells["R8"].Text);
        Assert.Equal("", sheet.Cells["R7"].Text);
    }

    [Fact]
    public void TheSerialNumberCountsProblemsNotIndicatorsWithoutProblems()
    {
        using var package = Export(Report());
        var sheet = package.Workbook.Worksheets["整改台账"];

        Assert.Equal(["1", "2", "3", "", "4"], Enumerable.Range(4, 5).Select(r => sheet.Cells[r, 1].Text));
        Assert.Equal("（本指标未列出存在问题）", sheet.Cells[7, 4].Text);
    }

    [Fact]
    public void EachRowIsFilledWithItsTrafficLight()
    {
        using var package = Export(Report());
        var sheet = package.Workbook.Worksheets["整改台账"];

        string Fill(int row) => sheet.Cells[row, 6].Style.Fill.BackgroundColor.Rgb;
        Assert.EndsWith("FFC7CE", Fill(4), StringComparison.OrdinalIgnoreCase); // red
        Assert.EndsWith("D9D9D9", Fill(5), StringComparison.OrdinalIgnoreCase); // closed
        Assert.EndsWith("FFEB9C", Fill(6), StringComparison.OrdinalIgnoreCase); // yellow
    }

    [Fact]
    public void EachRowNamesItsTrafficLightInWordsSoItSurvivesBlackAndWhitePrinting()
    {
        using var package = Export(Report());
        var sheet = package.Workbook.Worksheets["整改台账"];

        var light = LedgerLayout.Column("信号灯");
        Assert.Equal(LedgerLayout.Column("状态") + 1, light);
        Assert.Equal(["红灯", "已销号", "黄灯", "", "绿灯"], Enumerable.Range(4, 5).Select(r => sheet.Cells[r, light].Text));
        Assert.EndsWith("FFC7CE", sheet.Cells[4, light].Style.Fill.BackgroundColor.Rgb, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void TheUrgeLevelIsAWordColumnAfterWhetherOverdueAndBlankWhenNotOverdue()
    {
        using var package = Export(Report());
        var sheet = package.Workbook.Worksheets["整改台账"];

        var level = LedgerLayout.Column("督办等级");
        Assert.Equal(LedgerLayout.Column("是否逾期") + 1, level);
        Assert.Equal(["红色督办", "", "", "", ""], Enumerable.Range(4, 5).Select(r => sheet.Cells[r, level].Text));
    }

    [Fact]
    public void PercentAndDatesAreNumbersThatSortAndPrintAsTheOfficeWritesThem()
    {
        using var package = Export(Report());
        var sheet = package.Workbook.Worksheets["整改台账"];
        ExcelRange Cell(int row, string header) => sheet.Cells[row, LedgerLayout.Column(header)];

        Assert.Equal((0.4, "0%", "40%"), (Cell(4, "完成进度").Value, Cell(4, "完成进度").Style.Numberformat.Format, Cell(4, "完成进度").Text));
        Assert.Equal((0d, "0%"), (Cell(6, "完成进度").Value, Cell(6, "完成进度").Text));
        foreach (var (row, header, date) in new[] { (4, "整改时限", new DateTime(2026, 1, 1)), (5, "整改时限", new DateTime(2026, 12, 31)), (4, "最近报送日期", new DateTime(2025, 12, 1)) })
        {
            var cell = Cell(row, header);
            Assert.Equal(date, DateTime.FromOADate(Assert.IsType<double>(cell.Value)));
            Assert.Equal(("yyyy-mm-dd", date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), (cell.Style.Numberformat.Format, cell.Text));
        }

        Assert.Equal("长期坚持", Cell(8, "整改时限").Value); // no date: stays text
        Assert.Null(Cell(7, "整改时限").Value);
        Assert.Null(Cell(7, "完成进度").Value);
    }

    [Fact]
    public void TextThatLooksLikeAFormulaStaysText()
    {
        using var package = Export(Report());
        var sheet = package.Workbook.Worksheets["整改台账"];

        Assert.Equal("", sheet.Cells["D5"].Formula);
        foreach (var address in new[] { "E5", "L5", "L7" })
        {
            Assert.Equal("", sheet.Cells[address].Formula);
            Assert.True(sheet.Cells[address].Style.QuotePrefix, address);
        }

        Assert.Equal("2.=HYPERLINK(\"http://evil\",\"点我\")", sheet.Cells["D5"].Text);
        Assert.Equal("+1+2", sheet.Cells["E5"].Text);
    }

    [Fact]
    public void TheSummarySheetCountsEachUnitsProblemsClosuresAndOverdue()
    {
        var stream = new MemoryStream();
        LedgerExporter.Write(Report(), stream);
        stream.Position = 0;
        var rows = MiniExcel.Query(stream, sheetName: "单位汇总", useHeaderRow: false).Cast<IDictionary<string, object?>>().Skip(3)
            .Select(r => string.Join('|', r.Values.Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)))).ToList();

        // In code-point order, as the sheet sorts. 甲局 closed one problem on time and has one overdue: 按期销号率 counts
        // the overdue one too (ADR-0016), as the dashboard does, so 1 of 2.
        Assert.Equal(["丁局|1|0|0|—", "乙局|1|0|0|—", "甲局|2|1|1|50%"], rows);
    }

    [Fact]
    public void EverySheetIsSetInSongTiWithItsTitleInHeiTiNotCalibri()
    {
        using var package = Export(Report());

        // The workbook's own default: what a cell typed in later by the office gets.
        Assert.Equal("宋体", package.Workbook.Styles.NamedStyles.Single(s => s.Name == "Normal").Style.Font.Name);
        foreach (var sheet in package.Workbook.Worksheets)
        {
            Assert.Equal("黑体", sheet.Cells["A1"].Style.Font.Name);
            foreach (var address in new[] { "A2", "A3", "B3", "A4", "B4", "D4", "F4", "J4", "H8", "Z99" })
            {
                Assert.True("宋体" == sheet.Cells[address].Style.Font.Name, $"{sheet.Name}!{address}: {sheet.Cells[address].Style.Font.Name}");
            }
        }
    }

    [Fact]
    public void EverySheetPrintsOnA4LandscapeWithTheHeaderRepeatedAndAFooter()
    {
        using var package = Export(Report());
        foreach (var sheet in package.Workbook.Worksheets)
        {
            Assert.Equal(ePaperSize.A4, sheet.PrinterSettings.PaperSize);
            Assert.Equal(eOrientation.Landscape, sheet.PrinterSettings.Orientation);
            Assert.NotNull(sheet.PrinterSettings.RepeatRows);
            Assert.Equal("某县人民政府办公室", sheet.HeaderFooter.OddFooter.LeftAlignedText);
            Assert.True(sheet.Column(2).Width > 0);
        }
    }
}
