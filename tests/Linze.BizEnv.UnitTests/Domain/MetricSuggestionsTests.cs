using System.Globalization;
using Linze.BizEnv.Web.Data.Seeding;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Domain.Benchmarking;

namespace Linze.BizEnv.UnitTests.Domain;

/// <summary>Metrics proposed from a 全省最佳表现 text when a list is imported: the figures, their units, the words around them.</summary>
public class MetricSuggestionsTests
{
    private static IReadOnlyList<MetricDocument> Suggest(string text) => MetricSuggestions.From(text, "开办企业");

    private static (decimal?, string?) Figure(MetricDocument m) => (m.Value, m.Unit);

    [Fact]
    public void EachNumberWithItsUnitIsProposedAndAPracticeWithoutAFigureIsNot()
    {
        var suggestions = Suggest("2个环节，0.5天，1份资料，免费刻章");

        Assert.Equal([(2m, "个"), (0.5m, "天"), (1m, "份")], suggestions.Select(Figure));
        Assert.Equal(["环节", "开办企业用时", "资料"], suggestions.Select(m => m.Name));
        Assert.Equal(["2个环节", "0.5天", "1份资料"], suggestions.Select(m => m.Words));
        Assert.All(suggestions, m => Assert.Equal(MetricDirection.LowerIsBetter, m.Direction));
        Assert.All(suggestions, m => Assert.False(m.YesNo));
    }

    [Fact]
    public void TheWordsBeforeAFigureNameItAndTwoFiguresInOneClauseAreKeptApart()
    {
        var suggestions = Suggest("低压0.5天、高压2.7天");

        Assert.Equal([("低压", 0.5m, "天"), ("高压", 2.7m, "天")], suggestions.Select(m => (m.Name, m.Value, m.Unit)));
        Assert.Equal(["低压0.5天", "高压2.7天"], suggestions.Select(m => m.Words));
    }

    [Theory]
    [InlineData("全程网办率94.66%", "全程网办率", "94.66", "%", MetricDirection.HigherIsBetter)]
    [InlineData("年度定期举办公益性招聘会的场次达418次", "年度定期举办公益性招聘会的场次", "418", "次", MetricDirection.HigherIsBetter)]
    [InlineData("企业融资担保费率最低为1%", "企业融资担保费率", "1", "%", MetricDirection.LowerIsBetter)]
    [InlineData("普惠型小微企业贷款占企业贷款总量比重最高为28.07%", "普惠型小微企业贷款占企业贷款总量比重", "28.07", "%", MetricDirection.HigherIsBetter)]
    [InlineData("采购人对供应商质疑的处理时间为3个工作日", "采购人对供应商质疑的处理时间", "3", "工作日", MetricDirection.LowerIsBetter)]
    [InlineData("1天内立案", "立案", "1", "天", MetricDirection.LowerIsBetter)]
    [InlineData("服务态度9分", "服务态度", "9", "分", MetricDirection.HigherIsBetter)]
    [InlineData("办理时间１．５天", "办理时间", "1.5", "天", MetricDirection.LowerIsBetter)]
    public void AFiguresNameUnitAndDirectionComeFromItsWords(string text, string name, string value, string unit, MetricDirection direction)
    {
        var metric = Assert.Single(Suggest(text));

        Assert.Equal(name, metric.Name);
        Assert.Equal(decimal.Parse(value, CultureInfo.InvariantCulture), metric.Value);
        Assert.Equal(unit, metric.Unit);
        Assert.Equal(direction, metric.Direction);
        Assert.Contains(metric.Words, text, StringComparison.Ordinal); // as written, full-width digits and all
    }

    [Theory]
    [InlineData("2021年专利质押融资金额34299万元", "34299", "万元")]
    [InlineData("5个事项（其中，立项用地规划许可2项，工程建设许可、施工许可和竣工验收各1项），32小时", "5|32", "个|小时")]
    [InlineData("全市/县细颗粒物浓度（PM2.5）18微克/立方米", "18", "微克/立方米")]
    public void YearsAndFiguresInBracketsAreContextNotFigures(string text, string values, string units)
    {
        var suggestions = Suggest(text);

        Assert.Equal(values.Split('|').Select(v => decimal.Parse(v, CultureInfo.InvariantCulture)), suggestions.Select(m => m.Value!.Value));
        Assert.Equal(units.Split('|'), suggestions.Select(m => m.Unit!));
    }

    [Fact]
    public void ASignOrAnInvisibleSpaceDoesNotMakeANameOrLoseAUnitAndNamesStayApart()
    {
        var suggestions = MetricSuggestions.From("-3天，3\u200B个部门，0.5天", "开办企业");

        Assert.Equal([("开办企业用时", 3m, "天"), ("部门", 3m, "个"), ("开办企业用时（2）", 0.5m, "天")], suggestions.Select(m => (m.Name, m.Value!.Value, m.Unit!)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("企业需求导向，主动服务企业，推进行业进出口贸易；优化口岸监管流程、降低跨境贸易成本")]
    public void ATextWithoutFiguresProposesNothing(string? text) => Assert.Empty(MetricSuggestions.From(text, "跨境贸易"));

    [Fact]
    public void AnOverlongCellProposesABoundedNumberOfMetricsThatCanEachBeStored()
    {
        var text = string.Concat(Enumerable.Range(1, 500).Select(i => $"{new string('长', 80)}事项{i}个，"));

        var suggestions = Suggest(text);

        Assert.Equal(MetricSuggestions.MaxPerIndicator, suggestions.Count);
        Assert.All(suggestions, m =>
        {
            var stored = BenchmarkMetric.From(m, 1); // within every column's length
            Assert.Contains(stored.Words, text, StringComparison.Ordinal);
        });
    }

    /// <summary>
    /// Against the 2022 document: what the importer would have proposed for each indicator, compared with the metrics
    /// transcribed by hand. The office corrects names; figures, units and directions should mostly be right already.
    /// </summary>
    [Fact]
    public async Task ForThe2022DocumentMostHandTranscribedFiguresAreProposedWithTheirUnitAndDirection()
    {
        var seed = await SeedFile.ReadAsync(RepoPaths.SeedList);
        var figures = 0;
        var found = 0;
        var sameDirection = 0;
        foreach (var indicator in seed.Indicators)
        {
            var cell = SourceDocument.Indicators.Single(i => i.Number == indicator.Number).ProvinceBest;
            var suggestions = MetricSuggestions.From(cell, indicator.Name);
            Assert.All(suggestions, s =>
            {
                Assert.Contains(s.Words, cell, StringComparison.Ordinal);
                Assert.Contains(s.Value!.Value.ToString("0.####", CultureInfo.InvariantCulture), s.Words, StringComparison.Ordinal);
            });

            foreach (var metric in (indicator.Metrics ?? []).Where(m => !m.YesNo).DistinctBy(m => (m.Value, m.Unit, m.Words)))
            {
                figures++;
                if (suggestions.FirstOrDefault(s => s.Value == metric.Value && s.Unit == metric.Unit && metric.Words.Contains(s.Words, StringComparison.Ordinal)) is { } proposed)
                {
                    found++;
                    sameDirection += proposed.Direction == metric.Direction ? 1 : 0;
                }
            }
        }

        Assert.True(found >= figures * 0.85, $"{found} of {figures} hand-transcribed figures proposed");
        Assert.True(sameDirection >= found * 0.85, $"{sameDirection} of {found} proposed with the hand-transcribed direction");
        Assert.Empty(MetricSuggestions.From(SourceDocument.Indicators.Single(i => i.Name == "保护中小投资者").ProvinceBest, "保护中小投资者"));
    }
}
