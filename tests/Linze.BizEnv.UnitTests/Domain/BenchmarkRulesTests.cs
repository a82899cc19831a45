using Linze.BizEnv.Web.Domain.Benchmarking;

namespace Linze.BizEnv.UnitTests.Domain;

/// <summary>Gap, share reached and 达标情况 of a metric against the province's best, at the boundaries of each direction.</summary>
public class BenchmarkRulesTests
{
    private static MetricAssessment Assess(decimal best, MetricDirection direction, decimal? value, int near = 10) =>
        BenchmarkRules.Assess(best, direction, isYesNo: false, value, near);

    [Theory]
    [InlineData("0.5", "0.5", "0", Attainment.Reached)] // exactly the province's best
    [InlineData("0.5", "0.4", "-0.1", Attainment.Reached)] // better: a negative gap
    [InlineData("2", "2.2", "0.2", Attainment.Near)] // 2 / 2.2 = 90.9% reached, within 10%
    [InlineData("9", "10", "1", Attainment.Near)] // 9 / 10 = 90%: the margin's edge is 接近
    [InlineData("9", "10.01", "1.01", Attainment.Behind)] // just past the edge
    [InlineData("1", "27", "26", Attainment.Behind)] // 通水 27 天 against 1
    public void LowerIsBetterCountsDaysAboveTheBestAsBehind(string best, string value, string gap, Attainment state)
    {
        var result = Assess(decimal.Parse(best, System.Globalization.CultureInfo.InvariantCulture), MetricDirection.LowerIsBetter, decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(decimal.Parse(gap, System.Globalization.CultureInfo.InvariantCulture), result.Gap);
        Assert.Equal(state, result.State);
    }

    [Theory]
    [InlineData("94.66", "94.66", "0", Attainment.Reached)]
    [InlineData("94.66", "100", "-5.34", Attainment.Reached)]
    [InlineData("100", "90", "10", Attainment.Near)] // 90% of the best: the edge is 接近
    [InlineData("100", "89.99", "10.01", Attainment.Behind)]
    [InlineData("418", "12", "406", Attainment.Behind)]
    public void HigherIsBetterCountsShortfallAsBehind(string best, string value, string gap, Attainment state)
    {
        var result = Assess(decimal.Parse(best, System.Globalization.CultureInfo.InvariantCulture), MetricDirection.HigherIsBetter, decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(decimal.Parse(gap, System.Globalization.CultureInfo.InvariantCulture), result.Gap);
        Assert.Equal(state, result.State);
    }

    [Fact]
    public void MustEqualIsBehindEitherWayByTheDistance()
    {
        Assert.Equal(new MetricAssessment(10m, 0m, 1m, Attainment.Reached), Assess(10, MetricDirection.MustEqual, 10));
        Assert.Equal(1m, Assess(10, MetricDirection.MustEqual, 11).Gap);
        Assert.Equal(1m, Assess(10, MetricDirection.MustEqual, 9).Gap);
        Assert.Equal(Attainment.Near, Assess(10, MetricDirection.MustEqual, 9).State);
        Assert.Equal(Attainment.Behind, Assess(10, MetricDirection.MustEqual, 5).State);
    }

    [Fact]
    public void TheShareReachedIsCappedAtTheWholeAndNeverNegative()
    {
        Assert.Equal(1m, Assess(0.5m, MetricDirection.LowerIsBetter, 0.1m).Share);
        Assert.Equal(0.25m, Assess(0.5m, MetricDirection.LowerIsBetter, 2m).Share);
        Assert.Equal(0.5m, Assess(100m, MetricDirection.HigherIsBetter, 50m).Share);
        Assert.Equal(0m, Assess(100m, MetricDirection.HigherIsBetter, -5m).Share);
        Assert.Equal(0m, Assess(0m, MetricDirection.LowerIsBetter, 3m).Share); // 免费 (0 元) against a fee
    }

    [Fact]
    public void AYesNoMetricIsReachedOnlyWhenMetAndNeverNear()
    {
        Assert.Equal(Attainment.Reached, BenchmarkRules.Assess(1, MetricDirection.MustEqual, isYesNo: true, 1, 10).State);
        var unmet = BenchmarkRules.Assess(1, MetricDirection.MustEqual, isYesNo: true, 0, 99);
        Assert.Equal(Attainment.Behind, unmet.State);
        Assert.Null(unmet.Gap);
        Assert.Equal("否", BenchmarkRules.Format(0, isYesNo: true));
    }

    [Fact]
    public void WithoutAReadingTheMetricIsNotReportedAndLeftOutOfTheRate()
    {
        Assert.Equal(new MetricAssessment(null, null, null, Attainment.NotReported), Assess(2, MetricDirection.LowerIsBetter, null));
        Assert.Null(BenchmarkRules.Rate([Attainment.NotReported, Attainment.NotReported]));
        Assert.Equal(33, BenchmarkRules.Rate([Attainment.Reached, Attainment.Near, Attainment.Behind, Attainment.NotReported]));
        Assert.Equal(100, BenchmarkRules.Rate([Attainment.Reached]));
    }

    [Fact]
    public void AWiderMarginMakesMoreMetricsNear()
    {
        Assert.Equal(Attainment.Behind, Assess(1, MetricDirection.LowerIsBetter, 1.5m, near: 10).State);
        Assert.Equal(Attainment.Near, Assess(1, MetricDirection.LowerIsBetter, 1.5m, near: 40).State);
    }

    [Theory]
    [InlineData("0.5", "0.5")]
    [InlineData("34299", "34299")]
    [InlineData("94.660", "94.66")]
    [InlineData("100.00", "100")]
    public void ValuesAreWrittenAsTheOfficeWritesThem(string value, string written) =>
        Assert.Equal(written, BenchmarkRules.Format(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture), isYesNo: false));
}
