using System.Globalization;
using Linze.BizEnv.Web.Data.Seeding;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Domain.Benchmarking;

namespace Linze.BizEnv.UnitTests.Data;

/// <summary>The 2022 对标指标项, transcribed by hand from the 全省最佳表现 column, checked against the issued document's text.</summary>
public class SeedMetricsTests
{
    private static readonly ListDocument Seed = SeedFile.ReadAsync(RepoPaths.SeedList).GetAwaiter().GetResult();

    private static string DocumentCell(int number) => SourceDocument.Indicators.Single(i => i.Number == number).ProvinceBest;

    public static TheoryData<int, string, string> Metrics()
    {
        var data = new TheoryData<int, string, string>();
        foreach (var indicator in Seed.Indicators)
        {
            foreach (var metric in indicator.Metrics ?? [])
            {
                data.Add(indicator.Number, metric.Name, metric.Words);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Metrics))]
    public void EachMetricsWordsAndValueStandInItsIndicatorsCellOfTheDocument(int number, string name, string words)
    {
        var metric = Seed.Indicators.Single(i => i.Number == number).Metrics!.Single(m => m.Name == name);
        Assert.Contains(words, DocumentCell(number), StringComparison.Ordinal);
        if (!metric.YesNo)
        {
            Assert.Contains(metric.Value!.Value.ToString("0.####", CultureInfo.InvariantCulture), words, StringComparison.Ordinal);
            Assert.False(string.IsNullOrWhiteSpace(metric.Unit));
        }

        Assert.True(Enum.IsDefined(metric.Direction));
        var built = BenchmarkMetric.From(metric, 1); // every seed metric is complete enough to load
        Assert.Equal(name, built.Name);
    }

    [Fact]
    public void SixteenIndicatorsStateFiguresAndTheTwoWithoutFiguresHaveNoMetrics()
    {
        var counts = Seed.Indicators.ToDictionary(i => i.Name, i => i.Metrics?.Count ?? 0);

        Assert.Equal(0, counts["跨境贸易"]);
        Assert.Equal(0, counts["保护中小投资者"]);
        Assert.Equal(16, counts.Count(c => c.Value > 0));
        Assert.InRange(counts.Values.Sum(), 60, 75);
    }

    [Theory]
    [InlineData("开办企业", "办理环节", "2", "个", MetricDirection.LowerIsBetter)]
    [InlineData("获得电力", "高压办理时间", "2.7", "天", MetricDirection.LowerIsBetter)]
    [InlineData("政务服务", "全程网办率", "94.66", "%", MetricDirection.HigherIsBetter)]
    [InlineData("劳动力市场监管", "公益性招聘会场次", "418", "次", MetricDirection.HigherIsBetter)]
    [InlineData("知识产权创造、保护和运用", "专利质押融资金额", "34299", "万元", MetricDirection.HigherIsBetter)]
    [InlineData("包容普惠创新", "细颗粒物（PM2.5）浓度", "18", "微克/立方米", MetricDirection.LowerIsBetter)]
    public void KnownFiguresAreReadWithTheirUnitAndDirection(string indicator, string name, string value, string unit, MetricDirection direction)
    {
        var metric = Seed.Indicators.Single(i => i.Name == indicator).Metrics!.Single(m => m.Name == name);

        Assert.Equal(decimal.Parse(value, CultureInfo.InvariantCulture), metric.Value);
        Assert.Equal(unit, metric.Unit);
        Assert.Equal(direction, metric.Direction);
    }

    [Fact]
    public void YesNoPracticesAreMetricsToo()
    {
        var metric = Seed.Indicators.Single(i => i.Name == "开办企业").Metrics!.Single(m => m.Name == "免费刻章");

        Assert.True(metric.YesNo);
        Assert.Null(metric.Value);
    }

    [Fact]
    public void AmbiguousFiguresKeepTheDocumentsWordsAndSaySo()
    {
        var tax = Seed.Indicators.Single(i => i.Name == "纳税").Metrics!.Single(m => m.Name == "更正申报审计耗时");

        Assert.Equal("更正申报审计耗时均为95周", tax.Words);
        Assert.Contains("原文如此", tax.Note, StringComparison.Ordinal);
    }
}
