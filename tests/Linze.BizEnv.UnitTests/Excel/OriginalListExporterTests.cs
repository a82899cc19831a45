using Linze.BizEnv.Web.Data.Seeding;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Excel;
using MiniExcelLibs;
using OfficeOpenXml;

namespace Linze.BizEnv.UnitTests.Excel;

public class OriginalListExporterTests
{
    private static readonly ListDocument Seed = SeedFile.ReadAsync(RepoPaths.SeedList).GetAwaiter().GetResult();

    private static MemoryStream Export(ListDocument list)
    {
        var stream = new MemoryStream();
        OriginalListExporter.Write(list, stream);
        stream.Position = 0;
        return stream;
    }

    private static List<IDictionary<string, object?>> ReadRows(Stream stream) =>
        [.. MiniExcel.Query(stream, useHeaderRow: false).Cast<IDictionary<string, object?>>()];

    [Fact]
    public void WorkbookHasTheTitleThenTheDocumentsHeaderRow()
    {
        var rows = ReadRows(Export(Seed));
        Assert.Equal("临泽县优化营商环境对标提升责任清单", rows[0]["A"]);
        Assert.Equal(["序号", "指标", "全省最佳表现", "存在问题", "责任领导", "责任单位"], rows[1].Values.Select(v => v?.ToString()));
    }

    [Fact]
    public void TheListIsSetInSongTiWithItsTitleInHeiTi()
    {
        using var package = new ExcelPackage(Export(Seed));
        var sheet = package.Workbook.Worksheets["责任清单"];

        Assert.Equal("黑体", sheet.Cells["A1"].Style.Font.Name);
        Assert.All(new[] { "A2", "A3", "D3", "F3", "A22" }, a => Assert.Equal("宋体", sheet.Cells[a].Style.Font.Name));
    }

    [Fact]
    public void EachIndicatorIsOneRowWithNumberedProblemsAndUnitsByRole()
    {
        var rows = ReadRows(Export(Seed));
        var data = rows.Skip(2).TakeWhile(r => r["A"] is not null and not "").ToList();
        Assert.Equal(18, data.Count);
        var first = data[0];
        Assert.Equal(1, Convert.ToInt32(first["A"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("开办企业", first["B"]);
        Assert.StartsWith("1.企业开办刻章费用为110-280元不等", (string?)first["D"], StringComparison.Ordinal);
        Assert.Contains("\n4.首次申领Ukey和发票不能在企业开办专区办理，需到税务专窗。", (string?)first["D"], StringComparison.Ordinal);
        Assert.Equal("周延年", first["E"]);
        Assert.Equal("组长单位：县市场监管局\n副组长单位：县公安局、国家税务总局临泽县税务局\n成员单位：县人社局、县住建局、县金融投资事务中心", first["F"]);
    }

    [Fact]
    public void IndicatorWithoutProblemsHasAnEmptyProblemCell()
    {
        var row = ReadRows(Export(Seed))[2 + 6];
        Assert.Equal("跨境贸易", row["B"]);
        Assert.True(row["D"] is null || (string)row["D"]! == "");
    }

    [Fact]
    public void TheFooterCarriesTheIssuingOfficeAndDate()
    {
        var rows = ReadRows(Export(Seed));
        Assert.Equal("临泽县人民政府办公室    2022年6月24日印发", rows[^1]["A"]);
    }

    [Fact]
    public void SheetIsSetUpForA4LandscapeWithFixedWidthsAndRepeatedHeader()
    {
        using var package = new ExcelPackage(Export(Seed));
        var sheet = package.Workbook.Worksheets["责任清单"];
        Assert.Equal(eOrientation.Landscape, sheet.PrinterSettings.Orientation);
        Assert.Equal(ePaperSize.A4, sheet.PrinterSettings.PaperSize);
        Assert.Equal(60, sheet.Column(4).Width);
        Assert.True(sheet.Cells["D3"].Style.WrapText);
        Assert.NotNull(sheet.PrinterSettings.RepeatRows);
    }

    [Fact]
    public void UnitsLineOmitsRolesWithNoUnits()
    {
        var indicator = new IndicatorDocument(6, "纳税", "", "张晓龙", [], ["甲局"], ["乙局", "丙局"], []);
        Assert.Equal("组长单位：甲局\n副组长单位：乙局、丙局", OriginalListLayout.FormatUnits(indicator));
    }

    [Fact]
    public void ProblemsAreNumberedFromOne()
    {
        Assert.Equal("1.甲\n2.乙", OriginalListLayout.FormatProblems(["甲", "乙"]));
        Assert.Equal("", OriginalListLayout.FormatProblems([]));
    }
}
