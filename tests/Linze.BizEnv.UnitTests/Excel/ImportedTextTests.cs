using Linze.BizEnv.Web.Excel;
using static Linze.BizEnv.UnitTests.Excel.CraftedWorkbooks;

namespace Linze.BizEnv.UnitTests.Excel;

/// <summary>What the importer takes from a cell must fit its column (FieldLengths) and carry no invisible controls.</summary>
public class ImportedTextTests
{
    private static readonly string Long = string.Concat(Enumerable.Repeat("县甲乙丙丁戊己庚辛壬癸", 401));

    private static object?[] Indicator(string name = "开办企业", string best = "最佳表现", string problems = "1.问题甲", string leader = "张三", string units = "组长单位：甲局") =>
        [1, name, best, problems, leader, units];

    public static TheoryData<string, string> Overlong => new()
    {
        { "unit", "Sheet1!F4：单位名称超过 100 个字：“县甲乙丙丁戊己庚辛壬癸县甲乙丙丁戊己庚辛…”" },
        { "leader", "Sheet1!E4：责任领导姓名超过 50 个字：“县甲乙丙丁戊己庚辛壬癸县甲乙丙丁戊己庚辛…”" },
        { "indicator", "Sheet1!B4：指标名称超过 100 个字：“县甲乙丙丁戊己庚辛壬癸县甲乙丙丁戊己庚辛…”" },
        { "province-best", "Sheet1!C4：全省最佳表现超过 4000 个字：“县甲乙丙丁戊己庚辛壬癸县甲乙丙丁戊己庚辛…”" },
        { "problem", "Sheet1!D4：存在问题第 2 条超过 4000 个字：“县甲乙丙丁戊己庚辛壬癸县甲乙丙丁戊己庚辛…”" },
        { "title", "Sheet1!A2：清单标题超过 200 个字：“县甲乙丙丁戊己庚辛壬癸县甲乙丙丁戊己庚辛…”" },
        { "issuing-office", "Sheet1!A6：印发单位超过 100 个字：“县甲乙丙丁戊己庚辛壬癸县甲乙丙丁戊己庚辛…”" },
    };

    [Theory]
    [MemberData(nameof(Overlong))]
    public void TextLongerThanItsColumnIsRefusedAtItsCellWithTheStartOfIt(string field, string message)
    {
        object?[] row = field switch
        {
            "unit" => Indicator(units: $"组长单位：甲局\n成员单位：乙局、{Long[..101]}"),
            "leader" => Indicator(leader: Long[..51]),
            "indicator" => Indicator(name: Long[..101]),
            "province-best" => Indicator(best: Long[..4001]),
            "problem" => Indicator(problems: $"1.问题甲\n2.{Long[..4001]}"),
            _ => Indicator(),
        };
        var footer = field == "issuing-office" ? $"{Long[..101]} 2022年6月24日印发" : Footer;
        var file = List([row, [null], [footer]], more: p =>
        {
            if (field == "title")
            {
                p.Workbook.Worksheets["Sheet1"].Cells["A2"].Value = Long[..201];
            }
        });

        var ex = Assert.Throws<ImportRefusedException>(() => ListImporter.Read(new MemoryStream(file)));

        Assert.Equal(message, ex.Message);
    }

    [Fact]
    public void TextThatFillsItsColumnExactlyIsTaken()
    {
        var file = List([Indicator(name: Long[..100], leader: Long[..50], units: $"组长单位：{Long[..100]}")]);

        var indicator = Assert.Single(ListImporter.Read(new MemoryStream(file)).List.Indicators);

        Assert.Equal((100, 50, 100), (indicator.Name.Length, indicator.Leader!.Length, indicator.LeadUnits[0].Length));
    }

    [Fact]
    public void ControlAndBidiOverrideCharactersAreStrippedFromNames()
    {
        var file = List(
            [Indicator(name: "开办\u2066企业\u2069", leader: "张\u0007三", units: "组长单位：县\u202E局政财\u202C\n成员单位：\u200F县税务局\u200E、\u202A县\u0000法院\u202B、\u202D县人社局")],
            more: p => p.Workbook.Worksheets["Sheet1"].Cells["A2"].Value = "某县\u202E单清\u202C责任清单\u0085");

        var list = ListImporter.Read(new MemoryStream(file)).List;

        var indicator = Assert.Single(list.Indicators);
        Assert.Equal("某县单清责任清单", list.Title);
        Assert.Equal(("开办企业", "张三"), (indicator.Name, indicator.Leader));
        Assert.Equal(["县局政财"], indicator.LeadUnits);
        Assert.Equal(["县税务局", "县法院", "县人社局"], indicator.MemberUnits);
    }
}
