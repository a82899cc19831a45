using System.Text;
using System.Text.Json;
using Linze.BizEnv.Web.Data.Seeding;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Excel;
using OfficeOpenXml;

namespace Linze.BizEnv.UnitTests.Excel;

/// <summary>
/// The 2022 list saved the ways county offices keep it (<see cref="OfficeLayouts"/>): each must import to exactly the
/// list it shows, 18 indicators and 44 problems with every unit in its role, or be refused with a message that says
/// what to do.
/// </summary>
public class OfficeLayoutTests
{
    private static readonly ListDocument Seed = SeedFile.ReadAsync(RepoPaths.SeedList).GetAwaiter().GetResult();

    private static string Json(ListDocument list) => LayoutJson.Of(list);

    private static ParsedList Import(OfficeLayout layout) => ListImporter.Read(new MemoryStream(OfficeLayouts.Write(Seed, layout)));

    private static void ImportsAsTheSeed(OfficeLayout layout)
    {
        var parsed = Import(layout);
        Assert.Equal(18, parsed.List.Indicators.Count);
        Assert.Equal(44, parsed.List.Indicators.Sum(i => i.Problems.Count));
        Assert.Equal(Json(Seed), Json(parsed.List));
    }

    [Theory]
    [InlineData(ProblemNumbering.Arabic)]
    [InlineData(ProblemNumbering.None)]
    [InlineData(ProblemNumbering.ChineseParenthesised)]
    public void OneRowPerProblemWithTheIndicatorsCellsMergedDownImports(ProblemNumbering numbering) =>
        ImportsAsTheSeed(new OfficeLayout { RowPerProblem = true, Numbering = numbering });

    [Fact]
    public void OneRowPerProblemWithoutMergesImports()
    {
        // The indicator's cells filled on its first row only and left blank below, as when merges are undone.
        var bytes = OfficeLayouts.Write(Seed, new OfficeLayout { RowPerProblem = true });
        using var package = new ExcelPackage(new MemoryStream(bytes));
        var sheet = package.Workbook.Worksheets["责任清单"];
        foreach (var merged in sheet.MergedCells.ToList())
        {
            if (new ExcelAddress(merged).Rows > 1)
            {
                sheet.Cells[merged].Merge = false;
            }
        }

        Assert.Equal(Json(Seed), Json(ListImporter.Read(new MemoryStream(package.GetAsByteArray())).List));
    }

    [Fact]
    public void UnitsSplitIntoThreeRoleColumnsImport() =>
        ImportsAsTheSeed(new OfficeLayout { UnitSubColumns = true });

    [Fact]
    public void ProblemsSplitIntoNumberAndTextColumnsImport() =>
        ImportsAsTheSeed(new OfficeLayout { ProblemSubColumns = true, UnitSubColumns = true });

    [Fact]
    public void EmptyLedgerColumnsBesideTheListChangeNothing()
    {
        var parsed = Import(new OfficeLayout { RowPerProblem = true, LedgerColumns = true });

        Assert.Equal(Json(Seed), Json(parsed.List));
        Assert.DoesNotContain(parsed.Warnings, w => w.Contains("整改措施", StringComparison.Ordinal));
    }

    [Fact]
    public void FilledLedgerColumnsImportTheListAndPointToTheLedgerImport()
    {
        var parsed = Import(new OfficeLayout { RowPerProblem = true, LedgerColumns = true, LedgerData = true });

        Assert.Equal(Json(Seed), Json(parsed.List));
        var warning = Assert.Single(parsed.Warnings, w => w.Contains("整改措施", StringComparison.Ordinal));
        Assert.Contains("整改时限", warning, StringComparison.Ordinal);
        Assert.Contains("导入台账", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void WpsSpacedHeadersAMergedTitleAndAnAttachmentLineImport() =>
        ImportsAsTheSeed(new OfficeLayout { SpacedHeaders = true, MergedTitle = true, Attachment = "附件1", UnitSubColumns = true, RowPerProblem = true });

    [Fact]
    public void TheFillerLineAboveTheHeaderIsNotTheTitle()
    {
        var parsed = Import(new OfficeLayout { MergedTitle = true, FillerLine = true });

        Assert.Equal(Seed.Title, parsed.List.Title);
        Assert.Equal(Json(Seed), Json(parsed.List));
    }

    [Theory]
    [InlineData(IndexStyle.ChineseWithComma)]
    [InlineData(IndexStyle.Chinese)]
    public void IndicatorsNumberedInChineseNumeralsImport(IndexStyle index) =>
        ImportsAsTheSeed(new OfficeLayout { Index = index, RowPerProblem = true });

    [Theory]
    [InlineData(ProblemNumbering.ChineseParenthesised)]
    [InlineData(ProblemNumbering.FirstSecond)]
    [InlineData(ProblemNumbering.FirstSecondInline)]
    public void ProblemsNumberedTheChineseWaysInOneCellStaySeparate(ProblemNumbering numbering) =>
        ImportsAsTheSeed(new OfficeLayout { Numbering = numbering });

    [Theory]
    [InlineData("无")]
    [InlineData("/")]
    [InlineData("—")]
    [InlineData("——")]
    [InlineData("　")]
    public void PlaceholdersForNoneBecomeNoProblemAndNoUnit(string placeholder)
    {
        foreach (var layout in new[] { new OfficeLayout { Empty = placeholder, UnitSubColumns = true }, new OfficeLayout { Empty = placeholder, RowPerProblem = true, UnitSubColumns = true } })
        {
            var parsed = Import(layout);

            Assert.Equal(Json(Seed), Json(parsed.List));
            Assert.DoesNotContain(parsed.List.Indicators.SelectMany(i => i.Problems.Concat(i.LeadUnits).Concat(i.DeputyUnits).Concat(i.MemberUnits)), n => n == placeholder.Trim());
        }
    }

    [Fact]
    public void TheTableOnASheetBehindACoverSheetImports() =>
        ImportsAsTheSeed(new OfficeLayout { CoverSheet = true, RowPerProblem = true, UnitSubColumns = true });

    [Fact]
    public void AllTheHabitsTogetherImport() =>
        ImportsAsTheSeed(new OfficeLayout
        {
            RowPerProblem = true, Numbering = ProblemNumbering.ChineseParenthesised, UnitSubColumns = true, ProblemSubColumns = true, LedgerColumns = true,
            SpacedHeaders = true, MergedTitle = true, Attachment = "附件 1", FillerLine = true, Index = IndexStyle.ChineseWithComma, Empty = "无", CoverSheet = true,
        });

    [Fact]
    public void BordersFarBelowTheTableDoNotCountAsRows()
    {
        using var package = new ExcelPackage(new MemoryStream(OfficeLayouts.Write(Seed, new OfficeLayout { RowPerProblem = true })));
        package.Workbook.Worksheets["责任清单"].Cells["A1:H15000"].Style.Border.Left.Style = OfficeOpenXml.Style.ExcelBorderStyle.Thin;

        Assert.Equal(Json(Seed), Json(ListImporter.Read(new MemoryStream(package.GetAsByteArray())).List));
    }

    [Fact]
    public void ACsvFileRenamedXlsxIsToldToSaveAsXlsx()
    {
        var csv = Encoding.UTF8.GetBytes("序号,指标,全省最佳表现,存在问题,责任领导,责任单位\n1,开办企业,0.5天,1.问题,周延年,组长单位：县市场监管局\n");

        var refusal = Assert.Throws<ImportRefusedException>(() => ListImporter.Read(new MemoryStream(csv)));

        Assert.Contains("CSV", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("另存为", refusal.Message, StringComparison.Ordinal);
        Assert.Contains(".xlsx", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ATablePastedIntoOneMergedCellIsNamedAsSuch()
    {
        using var package = new ExcelPackage();
        var sheet = package.Workbook.Worksheets.Add("Sheet1");
        sheet.Cells["A1"].Value = Seed.Title;
        sheet.Cells["A2"].Value = "序号\t指标\t全省最佳表现\t存在问题\t责任领导\t责任单位\n1\t开办企业\t0.5天\t1.问题\t周延年\t组长单位：县市场监管局";
        sheet.Cells["A2:F30"].Merge = true;

        var refusal = Assert.Throws<ImportRefusedException>(() => ListImporter.Read(new MemoryStream(package.GetAsByteArray())));

        Assert.Contains("一个单元格", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("A2", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ThePortalsOwnLedgerIsRefusedNamingTheMissingColumnsAndTheLedgerImport()
    {
        // The 整改台账 this portal exports: 序号 指标 问题 整改措施 责任单位 责任领导 整改时限 ...
        using var package = new ExcelPackage();
        var sheet = package.Workbook.Worksheets.Add("整改台账");
        sheet.Cells["A1"].Value = Seed.Title + " 整改台账";
        string[] header = ["序号", "问题编号", "指标", "问题", "整改措施", "责任单位", "责任领导", "整改时限", "状态", "完成进度"];
        for (var c = 0; c < header.Length; c++)
        {
            sheet.Cells[3, c + 1].Value = header[c];
        }

        sheet.Cells[4, 1].Value = 1;
        sheet.Cells[4, 2].Value = "1-1";
        sheet.Cells[4, 3].Value = "1. 开办企业";
        sheet.Cells[4, 4].Value = "1.企业开办刻章费用为110-280元不等";
        sheet.Cells[4, 6].Value = "组长单位：县市场监管局";

        var refusal = Assert.Throws<ImportRefusedException>(() => ListImporter.Read(new MemoryStream(package.GetAsByteArray())));

        Assert.Contains("全省最佳表现", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("存在问题", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("导入台账", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AContinuationRowAfterTheLastIndicatorIsNotTakenForTheFooter()
    {
        // The last indicator's second problem row, unmerged and with only the problem filled, then the footer.
        var parsed = ListImporter.Read(new MemoryStream(CraftedWorkbooks.List(
            [CraftedWorkbooks.Row(1, "开办企业", "1.问题甲"), [null, null, null, "2.问题乙", null, null], CraftedWorkbooks.Row(2, "纳税", "问题丙"), [null, null, null, "问题丁"], [null], [CraftedWorkbooks.Footer]])));

        Assert.Equal([["问题甲", "问题乙"], ["问题丙", "问题丁"]], parsed.List.Indicators.Select(i => i.Problems));
        Assert.Equal("临泽县人民政府办公室", parsed.List.IssuingOffice);
    }
}
