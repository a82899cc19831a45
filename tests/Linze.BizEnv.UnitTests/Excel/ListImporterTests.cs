using System.Text;
using System.Text.Json;
using Linze.BizEnv.Web.Data.Seeding;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Excel;
using OfficeOpenXml;
using static Linze.BizEnv.UnitTests.Excel.CraftedWorkbooks;

namespace Linze.BizEnv.UnitTests.Excel;

public class ListImporterTests
{
    private static readonly ListDocument Seed = SeedFile.ReadAsync(RepoPaths.SeedList).GetAwaiter().GetResult();

    /// <summary>A workbook with a title, a header and rows, as an office might type it.</summary>
    private static MemoryStream Workbook(IEnumerable<object?[]> rows, string[]? header = null, string sheetName = "Sheet1", Action<ExcelPackage>? more = null) =>
        new(CraftedWorkbooks.List(rows, header, sheetName, more));

    private static string Json(ListDocument list) => LayoutJson.Of(list);

    [Fact]
    public void TheExportedSeedImportsBackUnchanged()
    {
        using var file = new MemoryStream();
        OriginalListExporter.Write(Seed, file);
        file.Position = 0;

        var parsed = ListImporter.Read(file);

        Assert.Equal(Json(Seed), Json(parsed.List));
    }

    [Fact]
    public void ProblemsStartingWithDigitsExportAndImportBackUnchanged()
    {
        var list = Seed with { Indicators = [.. Seed.Indicators.Select(i => i.Number == 3 ? i with { Problems = [.. i.Problems, "2023年起企业反映审批时限仍偏长。", "3个工作日内未办结。"] } : i.Number == 4 ? i with { Problems = ["2.0天以内办结的承诺未兑现。"] } : i)] };
        using var file = new MemoryStream();
        OriginalListExporter.Write(list, file);
        file.Position = 0;

        Assert.Equal(Json(list), Json(ListImporter.Read(file).List));
    }

    [Fact]
    public void TheSeedsTwoSpellingsOfTheFinanceCentreAreFlagged()
    {
        using var file = new MemoryStream();
        OriginalListExporter.Write(Seed, file);
        file.Position = 0;
        Assert.Contains(ListImporter.Read(file).Warnings, w => w.Contains("县金融事务投资中心", StringComparison.Ordinal) && w.Contains("县金融投资事务中心", StringComparison.Ordinal));
    }

    [Fact]
    public void HeaderCellsMayHoldSpacesAndLineBreaksComeInAnyOrderAndExtraColumnsAreIgnored()
    {
        var parsed = ListImporter.Read(Workbook(
            [["组长单位：甲局", "备注", "1", "开办企业", "2.0天", "1.问题", "李四"]],
            header: ["责任\n单位", "备注", "序 号", "指　标", "全省最佳\n表现", "存在问题", "责任领导"]));

        var indicator = Assert.Single(parsed.List.Indicators);
        Assert.Equal((1, "开办企业", "2.0天", "李四"), (indicator.Number, indicator.Name, indicator.ProvinceBest, indicator.Leader));
        Assert.Equal(["甲局"], indicator.LeadUnits);
        Assert.Equal("某县优化营商环境对标提升责任清单", parsed.List.Title);
    }

    [Fact]
    public void TheHeaderIsFoundOnALaterSheet()
    {
        var file = Workbook([Row(1, "纳税")], sheetName: "清单", more: p =>
        {
            p.Workbook.Worksheets.Add("说明").Cells["A1"].Value = "填表说明";
            p.Workbook.Worksheets.MoveToStart("说明");
        });
        Assert.Equal("纳税", Assert.Single(ListImporter.Read(file).List.Indicators).Name);
    }

    [Fact]
    public void NumbersAsTextOrDecimalsBlankRowsAndTheFooterAreHandled()
    {
        var parsed = ListImporter.Read(Workbook(
        [
            Row("1", "开办企业"),
            [null, null, null, null, null, null],
            Row(2.0, "办理建筑许可"),
            Row("3.", "获得电力"),
            [null],
            ["临泽县人民政府办公室                    2022年6月24日印发"],
            ["- 12 -"],
        ]));

        Assert.Equal([1, 2, 3], parsed.List.Indicators.Select(i => i.Number));
        Assert.Equal("临泽县人民政府办公室", parsed.List.IssuingOffice);
        Assert.Equal(new DateOnly(2022, 6, 24), parsed.List.IssueDate);
        Assert.Equal(2022, parsed.List.Year);
    }

    [Theory]
    [InlineData("1.甲\n2.乙")]
    [InlineData("1、甲\n2、乙")]
    [InlineData("（1）甲\n（2）乙")]
    [InlineData("(1)甲\n(2)乙")]
    [InlineData("①甲\n②乙")]
    [InlineData("1.甲\r\n2.乙\r\n")]
    public void ProblemsMayBeNumberedInAnyOfTheWaysOfficesNumberThem(string cell) =>
        Assert.Equal(["甲", "乙"], ListImporter.ParseProblems(cell));

    [Fact]
    public void AnUnnumberedCellIsOneProblemAndUnnumberedLinesContinueThePreviousOne()
    {
        Assert.Equal(["通水需要27天，通气需要60天。"], ListImporter.ParseProblems("通水需要27天，通气需要60天。"));
        Assert.Equal(["甲的第一行甲的第二行", "乙"], ListImporter.ParseProblems("1.甲的第一行\n甲的第二行\n2.乙"));
        Assert.Empty(ListImporter.ParseProblems("  \n "));
    }

    [Theory]
    [InlineData("组长单位：甲局\n副组长单位：乙局、丙局\n成员单位：丁局")]
    [InlineData("组长单位:甲局\n副组长单位:乙局，丙局\n成员单位: 丁局")]
    [InlineData("组长单位：甲局\n副组长单位：乙局,丙局;\n成员单位：丁局")]
    [InlineData("组长单位：甲局\n副组长单位：乙局；丙局\n成员单位：\n丁局")]
    public void UnitsMayUseEitherColonAndAnyCommonSeparator(string cell)
    {
        var units = ListImporter.ParseUnits(cell);
        Assert.Equal(["甲局"], units[UnitRole.Lead]);
        Assert.Equal(["乙局", "丙局"], units[UnitRole.Deputy]);
        Assert.Equal(["丁局"], units[UnitRole.Member]);
    }

    public static TheoryData<string, string> Refusals => new()
    {
        { "text", "不是 Excel 工作簿" },
        { "ole", "受密码保护" },
        { "damaged", "已损坏" },
        { "empty", "工作簿是空的" },
        { "no-header", "找不到表头行" },
        { "too-big", "超过 10 MB" },
        { "zip-bomb", "疑似压缩炸弹" },
        { "no-bytes", "文件是空的" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void BadFilesAreRefusedWithAClearMessage(string kind, string message)
    {
        using var file = kind switch
        {
            "text" => new MemoryStream(Encoding.UTF8.GetBytes("序号,指标\n1,开办企业")),
            "ole" => new MemoryStream([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0]),
            "damaged" => new MemoryStream([0x50, 0x4B, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8, 9]),
            "empty" => new MemoryStream(CraftedWorkbooks.Empty()),
            "no-header" => Workbook([Row(1, "纳税")], header: ["编号", "名称"]),
            "too-big" => new MemoryStream([0x50, 0x4B, 0x03, 0x04, .. new byte[(10 * 1024 * 1024) + 1]]),
            "zip-bomb" => new MemoryStream(CraftedWorkbooks.ZipBomb()),
            "no-bytes" => new MemoryStream(),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        var ex = Assert.Throws<ImportRefusedException>(() => ListImporter.Read(file));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ADuplicateNumberIsRefusedAtItsCell()
    {
        var ex = Assert.Throws<ImportRefusedException>(() => ListImporter.Read(Workbook([Row(1, "开办企业"), Row(1, "纳税")])));
        Assert.Equal("Sheet1!A5：序号 1 重复。", ex.Message);
    }

    [Fact]
    public void ARowWithoutAnIndicatorNameIsRefusedAtItsCell()
    {
        var ex = Assert.Throws<ImportRefusedException>(() => ListImporter.Read(Workbook([Row(1, "开办企业"), Row(2, "")])));
        Assert.Equal("Sheet1!B5：序号 2 缺少指标名称。", ex.Message);
    }

    [Fact]
    public void ARowWithoutALeadUnitIsRefusedAtItsCell()
    {
        var ex = Assert.Throws<ImportRefusedException>(() => ListImporter.Read(Workbook([Row(1, "开办企业", units: "成员单位：甲局")])));
        Assert.Equal("Sheet1!F4：序号 1“开办企业”缺少组长单位。", ex.Message);
    }

    [Fact]
    public void ANumberThatIsNotANumberIsRefusedAtItsCell()
    {
        var ex = Assert.Throws<ImportRefusedException>(() => ListImporter.Read(Workbook([Row("甲", "开办企业")])));
        Assert.Equal("Sheet1!A4：序号“甲”不是数字。", ex.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    [InlineData(1.5)]
    public void ANumberThatIsNotAPositiveIntegerIsRefusedSayingSo(object number)
    {
        var ex = Assert.Throws<ImportRefusedException>(() => ListImporter.Read(Workbook([Row(number, "开办企业")])));
        Assert.Equal($"Sheet1!A4：序号“{number}”须为正整数。", ex.Message);
    }

    [Fact]
    public void ATableOnASheetPastTheSearchedOnesIsRefusedSayingHowManySheetsWereSearched()
    {
        var file = Workbook([Row(1, "纳税")], sheetName: "清单", more: p =>
        {
            for (var i = 5; i >= 1; i--)
            {
                p.Workbook.Worksheets.Add($"空白{i}");
                p.Workbook.Worksheets.MoveToStart($"空白{i}");
            }
        });

        var ex = Assert.Throws<ImportRefusedException>(() => ListImporter.Read(file));

        Assert.Equal("前 5 个工作表都是空的（工作簿共有 6 个工作表）：清单表格须放在前 5 个工作表之一，未导入。", ex.Message);
    }

    [Fact]
    public void AHeaderNotOnTheSearchedSheetsIsRefusedSayingWhereItWasLookedFor()
    {
        var file = Workbook([Row(1, "纳税")], sheetName: "清单", more: p =>
        {
            for (var i = 5; i >= 1; i--)
            {
                p.Workbook.Worksheets.Add($"说明{i}").Cells["A1"].Value = "填表说明";
                p.Workbook.Worksheets.MoveToStart($"说明{i}");
            }
        });

        var ex = Assert.Throws<ImportRefusedException>(() => ListImporter.Read(file));

        Assert.Equal("找不到表头行：已查找前 5 个工作表（工作簿共有 6 个工作表）每个的前 30 行、前 50 列，须有一行包含“序号”“指标”“责任单位”等列名；清单表格须放在前 5 个工作表之一。", ex.Message);
    }

    [Fact]
    public void CellsBeyondTheHeadersLastColumnAreIgnoredEvenInARowOf16384Cells()
    {
        using var file = new MemoryStream(WideRow());

        var parsed = ListImporter.Read(file);

        Assert.Equal("某县优化营商环境对标提升责任清单", parsed.List.Title);
        Assert.Equal(["开办企业", "纳税"], parsed.List.Indicators.Select(i => i.Name));
    }

    [Fact]
    public void AHeaderBeyondTheFiftiethColumnIsNotLookedFor()
    {
        var file = Workbook([], more: p =>
        {
            var sheet = p.Workbook.Worksheets["Sheet1"];
            var row = Row(1, "纳税");
            for (var c = 0; c < row.Length; c++)
            {
                sheet.Cells[3, c + 1].Value = null;
                sheet.Cells[3, 51 + c].Value = OriginalListLayout.Headers[c];
                sheet.Cells[4, 51 + c].Value = row[c];
            }
        });

        var ex = Assert.Throws<ImportRefusedException>(() => ListImporter.Read(file));

        Assert.StartsWith("找不到表头行：", ex.Message, StringComparison.Ordinal);
        Assert.Contains("前 50 列", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnlabelledUnitsAreRefusedAtTheirCell()
    {
        var ex = Assert.Throws<ImportRefusedException>(() => ListImporter.Read(Workbook([Row(1, "开办企业", units: "甲局、乙局")])));
        Assert.StartsWith("Sheet1!F4：无法识别责任单位", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MoreThanFiveThousandRowsAreRefused()
    {
        var rows = Enumerable.Range(1, ListImporter.MaxRows + 1).Select(i => Row(i, $"指标{i}"));
        var ex = Assert.Throws<ImportRefusedException>(() => ListImporter.Read(Workbook(rows)));
        Assert.Contains("超过 5000 行", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("县金融投资事务中心", "县金融事务投资中心", true)] // same characters, another order
    [InlineData("县市场监管局", "县市场监督局", true)] // one character apart
    [InlineData("县人社局", "县人社局机关", false)]
    [InlineData("县市场监管局", "县市场监督管理局", true)] // a short form: the long name's characters in order, ends kept
    [InlineData("县财政局", "县财政局国库中心", false)] // a different unit that starts with the name
    [InlineData("县委办", "县委办公室", false)] // too short to tell
    [InlineData("县法院", "县检察院", false)]
    public void LookAlikeUnitNamesAreRecognised(string a, string b, bool alike) =>
        Assert.Equal(alike, UnitNames.LookAlike(a, b));
}
