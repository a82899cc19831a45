using Linze.BizEnv.Web.Data.Seeding;
using Linze.BizEnv.Web.Domain;

namespace Linze.BizEnv.UnitTests.Data;

public class SeedDataTests
{
    private static readonly ListDocument Seed = SeedFile.ReadAsync(RepoPaths.SeedList).GetAwaiter().GetResult();

    [Fact]
    public void SeedHasTheDocumentsEighteenIndicatorsFortyFourProblemsFiveLeadersAndTwentySevenUnits()
    {
        Assert.Equal(18, Seed.Indicators.Count);
        Assert.Equal(Enumerable.Range(1, 18), Seed.Indicators.Select(i => i.Number));
        Assert.Equal(44, Seed.Indicators.Sum(i => i.Problems.Count));
        Assert.Equal(5, Seed.Indicators.Select(i => i.Leader).Distinct().Count());
        Assert.Equal(27, Seed.Indicators.SelectMany(i => i.LeadUnits.Concat(i.DeputyUnits).Concat(i.MemberUnits)).Distinct().Count());
    }

    [Fact]
    public void SeedCarriesTheListsTitleOfficeAndDate()
    {
        Assert.Equal("临泽县优化营商环境对标提升责任清单", Seed.Title);
        Assert.Equal("临泽县人民政府办公室", Seed.IssuingOffice);
        Assert.Equal(new DateOnly(2022, 6, 24), Seed.IssueDate);
        Assert.Equal(2022, Seed.Year);
    }

    [Fact]
    public void SeedMatchesTheIssuedDocumentIndicatorByIndicator()
    {
        var source = SourceDocument.Indicators;
        Assert.Equal(source.Count, Seed.Indicators.Count);
        foreach (var (expected, actual) in source.Zip(Seed.Indicators))
        {
            Assert.Equal(expected.Number, actual.Number);
            Assert.Equal(expected.Name, actual.Name);
            Assert.Equal(expected.ProvinceBest, actual.ProvinceBest);
            Assert.Equal(expected.Leader, actual.Leader);
            Assert.Equal(expected.Problems, actual.Problems);
            Assert.Equal(expected.Lead, actual.LeadUnits);
            Assert.Equal(expected.Deputy, actual.DeputyUnits);
            Assert.Equal(expected.Member, actual.MemberUnits);
        }
    }

    [Theory]
    [InlineData(1, 1, "企业开办刻章费用为110-280元不等（公章、发票章、财务章、合同章），未实现免费刻章。")]
    [InlineData(3, 5, "存在个别供电所营业大厅业务经办人员对最新政策要求掌握不熟练不及时，造成答复客户不准确的问题。")]
    [InlineData(4, 1, "通水需要27天，通气需要60天，与省内其他市县差距较大。")]
    [InlineData(12, 2, "新业态劳动力市场监管缺乏指导性的地方政策、管理推进机制等。")]
    [InlineData(16, 3, "“临泽小枣”地理标志专用标识使用率不高。")]
    [InlineData(18, 1, "科技型企业自主创新意识不强，个别企业科研投入力度不大。")]
    public void ProblemTextIsAsWrittenWithoutItsNumber(int indicator, int ordinal, string text)
    {
        Assert.Equal(text, Seed.Indicators[indicator - 1].Problems[ordinal - 1]);
    }

    [Theory]
    [InlineData(7, "跨境贸易")]
    [InlineData(10, "保护中小投资者")]
    public void IndicatorsWithoutProblemsAreKept(int number, string name)
    {
        var indicator = Seed.Indicators.Single(i => i.Number == number);
        Assert.Equal(name, indicator.Name);
        Assert.Empty(indicator.Problems);
        Assert.NotEmpty(indicator.LeadUnits);
    }

    [Fact]
    public void BothSpellingsOfTheFinanceCentreAreKeptAsWritten()
    {
        Assert.Contains("县金融投资事务中心", Seed.Indicators[0].MemberUnits);
        Assert.Equal(["县金融事务投资中心"], Seed.Indicators[8].LeadUnits);
        Assert.Equal(["县金融事务投资中心"], Seed.Indicators[9].LeadUnits);
    }

    [Fact]
    public void UnitsKeepTheirOrderWithinEachRole()
    {
        var bidding = Seed.Indicators[13];
        Assert.Equal("招标投标", bidding.Name);
        Assert.Equal(["市公共资源交易中心临泽县分中心"], bidding.LeadUnits);
        Assert.Equal(["县政务服务中心"], bidding.DeputyUnits);
        Assert.Equal(["县财政局", "县自然资源局", "县住建局", "县交通运输局", "县农业农村局", "县卫健局"], bidding.MemberUnits);
        Assert.Empty(Seed.Indicators[5].MemberUnits); // 纳税 names no member units
    }

    [Fact]
    public void TheIndependentDocumentReaderFindsEveryRowOfTheDocument()
    {
        // Guards the reader the other tests compare against: it must see the whole table, footer excluded.
        Assert.Equal(18, SourceDocument.Indicators.Count);
        Assert.Equal(44, SourceDocument.Indicators.Sum(i => i.Problems.Count));
        Assert.Equal("张昕音", SourceDocument.Indicators[^1].Leader);
    }
}
