using Linze.BizEnv.Web.Domain.Rectification;
using Linze.BizEnv.Web.Excel;
using Linze.BizEnv.Web.Features.Reports;
using OfficeOpenXml;

namespace Linze.BizEnv.UnitTests.Excel;

public class LedgerImporterTests
{
    private static LedgerReport Report() => new("某县清单", "某县人民政府办公室", new DateOnly(2026, 11, 26), null,
    [
        new(1, "开办企业", 1, "刻章收费", "免费刻章", "甲局", "张三", new DateOnly(2026, 1, 1), ProblemStatus.InProgress, 40, "正在协调", null, false, TrafficLight.Green, null),
        new(1, "开办企业", 2, "线上办理率低", null, "甲局", "张三", null, ProblemStatus.NotStarted, 0, null, null, false, TrafficLight.Green, null),
        new(7, "跨境贸易", null, null, null, "丙局", "王五", null, null, null, "组织培训", null, false, null, null),
        new(8, "办理建筑许可", 1, "审批环节多", "压减环节", "丁局", "赵六", null, ProblemStatus.Ongoing, 50, null, null, false, TrafficLight.Green, null, IsLongTerm: true),
    ], []);

    /// <summary>The exported ledger, changed by <paramref name="fill"/> on its 整改台账 sheet (header on row 3, problems from row 4).</summary>
    private static MemoryStream Ledger(Action<ExcelWorksheet>? fill = null, string? filter = null)
    {
        using var exported = new MemoryStream();
        LedgerExporter.Write(Report() with { Filter = filter }, exported);
        exported.Position = 0;
        using var package = new ExcelPackage(exported);
        fill?.Invoke(package.Workbook.Worksheets["整改台账"]);
        return new MemoryStream(package.GetAsByteArray());
    }

    private static string Refusal(Action<ExcelWorksheet> fill) => Assert.Throws<ImportRefusedException>(() => LedgerImporter.Read(Ledger(fill))).Message;

    [Fact]
    public void TheExportedLedgerReadsBackAsItsProblemsWithTheirChecksums()
    {
        var ledger = LedgerImporter.Read(Ledger());

        Assert.Equal("某县清单", ledger.ListTitle);
        Assert.Equal(["1-1", "1-2", "8-1"], ledger.Lines.Select(l => l.Number));
        var first = ledger.Lines[0];
        Assert.Equal(("刻章收费", "免费刻章", new DateOnly(2026, 1, 1), false, "甲局"), (first.Problem, first.Measures, first.DueDate, first.IsLongTerm, first.Unit));
        Assert.Equal(LedgerLayout.ChecksumOf("免费刻章", "2026-01-01", "甲局"), string.Join('.', first.Checksum!));
        Assert.Equal((null, true, "长期坚持"), (ledger.Lines[2].DueDate, ledger.Lines[2].IsLongTerm, ledger.Lines[2].DueText));
        Assert.Equal(("整改台账", "B4", "E4", "H4", "F4"), (first.Cells.Sheet, first.Cells.Number, first.Cells.Measures, first.Cells.Due, first.Cells.Unit));
    }

    [Fact]
    public void ALedgerExportedBeforeTheLightColumnAndDateCellsStillReadsWithTheSameChecksums()
    {
        var ledger = LedgerImporter.Read(Ledger(s =>
        {
            s.DeleteColumn(LedgerLayout.Column(LedgerLayout.Light));
            s.Cells["H4"].Value = "2026-01-01"; // how 整改时限 was written then: text
        }));

        var first = ledger.Lines[0];
        Assert.Equal((new DateOnly(2026, 1, 1), "免费刻章", "甲局"), (first.DueDate, first.Measures, first.Unit));
        Assert.Equal(LedgerLayout.ChecksumOf("免费刻章", "2026-01-01", "甲局"), string.Join('.', first.Checksum!));
    }

    [Fact]
    public void ALedgerExportedBeforeTheUrgeLevelColumnStillReadsWithTheSameChecksums()
    {
        var ledger = LedgerImporter.Read(Ledger(s => s.DeleteColumn(LedgerLayout.Column(LedgerLayout.UrgeLevel))));

        var first = ledger.Lines[0];
        Assert.Equal(["1-1", "1-2", "8-1"], ledger.Lines.Select(l => l.Number));
        Assert.Equal((new DateOnly(2026, 1, 1), "免费刻章", "甲局"), (first.DueDate, first.Measures, first.Unit));
        Assert.Equal(LedgerLayout.ChecksumOf("免费刻章", "2026-01-01", "甲局"), string.Join('.', first.Checksum!));
    }

    [Theory]
    [InlineData("责任领导：张三")]
    [InlineData("责任单位：县政务服务中心（县行政审批局），状态：整改中")]
    public void AFilteredLedgerStillNamesItsList(string filter)
    {
        var ledger = LedgerImporter.Read(Ledger(filter: filter));
        Assert.Equal(("某县清单", "A1"), (ledger.ListTitle, ledger.TitleCell));
    }

    [Fact]
    public void ADateCellOfAWorkbookInThe1904DateSystemIsReadAsTheDateExcelShows()
    {
        // Old Mac Excel counts from 1904-01-01: serial 46178 is 2030-06-06 there, 2026-06-05 in the usual 1900 system.
        var ledger = LedgerImporter.Read(Ledger(s =>
        {
            s.Workbook.Date1904 = true;
            s.Cells["H4"].Value = 46178d;
            s.Cells["H4"].Style.Numberformat.Format = "yyyy-mm-dd";
        }));

        Assert.Equal(new DateOnly(2030, 6, 6), ledger.Lines[0].DueDate);
    }

    [Fact]
    public void NoBreakSpacesPastedAroundMeasuresAreNotPartOfThem()
    {
        var ledger = LedgerImporter.Read(Ledger(s => s.Cells["E4"].Value = "新措施\u00A0"));
        Assert.Equal("新措施", ledger.Lines[0].Measures);
    }

    [Fact]
    public void BordersFarBelowTheTableDoNotCountAsRows()
    {
        var ledger = LedgerImporter.Read(Ledger(s => s.Cells["A4:N12000"].Style.Border.Bottom.Style = OfficeOpenXml.Style.ExcelBorderStyle.Thin));
        Assert.Equal(3, ledger.Lines.Count);
    }

    [Theory]
    [InlineData("2022年12月31日", "2022-12-31")]
    [InlineData("2022.12.31", "2022-12-31")]
    [InlineData("2022-12-31", "2022-12-31")]
    [InlineData("2022/12/31", "2022-12-31")]
    [InlineData("2022年6月1日", "2022-06-01")]
    [InlineData("２０２２年１２月３１日", "2022-12-31")]
    [InlineData(" 2022 年 12 月 31 日 ", "2022-12-31")]
    [InlineData("长期坚持", "长期坚持")]
    [InlineData("", "")]
    public void DueDatesAreReadFromTheWaysOfficesWriteThem(string written, string read)
    {
        var ledger = LedgerImporter.Read(Ledger(s => s.Cells["H4"].Value = written));
        Assert.Equal(read, ledger.Lines[0].DueText);
    }

    [Fact]
    public void AnExcelDateCellIsADueDate()
    {
        var ledger = LedgerImporter.Read(Ledger(s =>
        {
            s.Cells["H4"].Value = new DateTime(2022, 12, 31);
            s.Cells["H4"].Style.Numberformat.Format = "yyyy\"年\"m\"月\"d\"日\"";
        }));
        Assert.Equal(new DateOnly(2022, 12, 31), ledger.Lines[0].DueDate);
    }

    [Theory]
    [InlineData("2022年13月1日", "整改台账!H4：整改时限“2022年13月1日”不是有效日期")]
    [InlineData("2022年2月30日", "整改台账!H4：整改时限“2022年2月30日”不是有效日期")]
    [InlineData("年底前", "整改台账!H4：无法识别整改时限“年底前”")]
    [InlineData("1899-12-31", "整改台账!H4：整改时限“1899-12-31”不在 2000 年至 2099 年之间")]
    public void ADueDateThatIsNoDateIsRefusedAtItsCell(string written, string message) =>
        Assert.StartsWith(message, Refusal(s => s.Cells["H4"].Value = written), StringComparison.Ordinal);

    [Fact]
    public void AHeaderTypedInWpsWithATitleAboveFullWidthSpacesAndLineBreaksIsFound()
    {
        var ledger = LedgerImporter.Read(Ledger(s =>
        {
            s.InsertRow(1, 1);
            s.Cells["A1"].Value = "附件";
            s.Cells["B4"].Value = "问题\n编号";
            s.Cells["E4"].Value = "整改　措施";
            s.Cells["H4"].Value = " 整改时限\r\n";
            s.Cells["E5"].Value = "WPS 里填写的措施";
        }));
        Assert.Equal("WPS 里填写的措施", ledger.Lines[0].Measures);
        Assert.Equal("E5", ledger.Lines[0].Cells.Measures);
    }

    [Fact]
    public void ARepeatedProblemNumberIsRefusedNamingBothCells() =>
        Assert.Equal("整改台账!B5：问题编号 1-1 重复（第一次出现在 B4）：每个问题只能有一行。", Refusal(s => s.Cells["B5"].Value = "1-1"));

    [Fact]
    public void AProblemNumberExcelTookForADateIsRefusedWithWhatToDo() =>
        Assert.Contains("被 Excel 当成了日期", Refusal(s => s.Cells["B4"].Value = new DateTime(2026, 1, 2)), StringComparison.Ordinal);

    [Fact]
    public void AMalformedOrMissingProblemNumberIsRefused()
    {
        Assert.StartsWith("整改台账!B4：问题编号“一之一”格式不对", Refusal(s => s.Cells["B4"].Value = "一之一"), StringComparison.Ordinal);
        Assert.StartsWith("整改台账!B4：缺少问题编号", Refusal(s => s.Cells["B4"].Value = null), StringComparison.Ordinal);
    }

    [Fact]
    public void OverLongMeasuresAreRefusedAtTheirCell() =>
        Assert.StartsWith("整改台账!E5：整改措施超过 4000 个字", Refusal(s => s.Cells["E5"].Value = new string('措', 4001)), StringComparison.Ordinal);

    [Fact]
    public async Task AWorkbookWithoutTheLedgersHeaderIsRefusedSayingWhatItNeeds()
    {
        using var other = new MemoryStream();
        OriginalListExporter.Write(await Linze.BizEnv.Web.Data.Seeding.SeedFile.ReadAsync(RepoPaths.SeedList), other);
        other.Position = 0;
        var message = Assert.Throws<ImportRefusedException>(() => LedgerImporter.Read(other)).Message;
        Assert.Contains("“问题编号”“整改措施”“整改时限”“责任单位”", message, StringComparison.Ordinal);
    }

    [Fact]
    public void ADamagedFileIsRefusedLikeAnyUpload() =>
        Assert.StartsWith("文件不是 Excel 工作簿（.xlsx），未导入。", Assert.Throws<ImportRefusedException>(() => LedgerImporter.Read(new MemoryStream("不是表格"u8.ToArray()))).Message);
}
