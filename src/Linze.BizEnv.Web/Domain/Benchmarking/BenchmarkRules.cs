namespace Linze.BizEnv.Web.Domain.Benchmarking;

/// <summary>The <c>Benchmark</c> configuration section.</summary>
public sealed class BenchmarkOptions
{
    public const string Section = "Benchmark";

    /// <summary>接近: a metric not yet at the province's best but within this many percent of it.</summary>
    public int NearPercent { get; set; } = 10;
}

/// <summary>达标情况 of one metric.</summary>
public enum Attainment
{
    /// <summary>未填报: no reading yet.</summary>
    NotReported = 0,

    /// <summary>已达到: at or better than the province's best.</summary>
    Reached = 1,

    /// <summary>接近: within <see cref="BenchmarkOptions.NearPercent"/> of it.</summary>
    Near = 2,

    /// <summary>差距较大.</summary>
    Behind = 3,
}

/// <summary>Where a metric stands against the province's best: the gap (in its unit, positive = behind), the share reached, the state.</summary>
public sealed record MetricAssessment(decimal? Value, decimal? Gap, decimal? Share, Attainment State);

/// <summary>The gap and attainment arithmetic (issue #16), one rule for the indicator page, the dashboard and the exports.</summary>
public static class BenchmarkRules
{
    public static MetricAssessment Assess(decimal best, MetricDirection direction, bool isYesNo, decimal? value, int nearPercent)
    {
        if (value is not { } v)
        {
            return new(null, null, null, Attainment.NotReported);
        }

        if (isYesNo)
        {
            var met = v == best;
            return new(v, null, met ? 1m : 0m, met ? Attainment.Reached : Attainment.Behind);
        }

        var (gap, share) = direction switch
        {
            MetricDirection.LowerIsBetter => (v - best, v <= best ? 1m : best <= 0 ? 0m : best / v),
            MetricDirection.HigherIsBetter => (best - v, v >= best ? 1m : best <= 0 ? 0m : Math.Max(0m, v / best)),
            _ => (Math.Abs(v - best), v == best ? 1m : best == 0 ? 0m : Math.Max(0m, 1 - (Math.Abs(v - best) / Math.Abs(best)))),
        };
        var state = gap <= 0 ? Attainment.Reached
            : share >= 1 - (nearPercent / 100m) ? Attainment.Near
            : Attainment.Behind;
        return new(v, gap, share, state);
    }

    /// <summary>对标达标率: metrics at or better than the province's best ÷ metrics with a reading, rounded down; null when none has one.</summary>
    public static int? Rate(IEnumerable<Attainment> states)
    {
        var reported = 0;
        var reached = 0;
        foreach (var state in states)
        {
            if (state == Attainment.NotReported)
            {
                continue;
            }

            reported++;
            reached += state == Attainment.Reached ? 1 : 0;
        }

        return reported == 0 ? null : reached * 100 / reported;
    }

    public static string ToChinese(this Attainment state) => state switch
    {
        Attainment.Reached => "已达到",
        Attainment.Near => "接近",
        Attainment.Behind => "差距较大",
        _ => "未填报",
    };

    public static string CssColour(this Attainment state) => state switch
    {
        Attainment.Reached => "success",
        Attainment.Near => "warning",
        Attainment.Behind => "danger",
        _ => "secondary",
    };

    public static string ToChinese(this MetricDirection direction) => direction switch
    {
        MetricDirection.LowerIsBetter => "越低越好",
        MetricDirection.HigherIsBetter => "越高越好",
        _ => "须相等",
    };

    /// <summary>A value as the office writes it: 0.5, 94.66, 34299 (no trailing zeros), 是/否 for a yes/no metric.</summary>
    public static string Format(decimal value, bool isYesNo) =>
        isYesNo ? (value == 1 ? "是" : "否") : value.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>差距 as written: +2天 behind, -0.5天 ahead, 0 at the best; 未实现 for an unmet yes/no metric; null without a reading.</summary>
    public static string? GapText(MetricAssessment assessment, bool isYesNo, string unit) =>
        assessment.State == Attainment.NotReported ? null
        : isYesNo ? (assessment.State == Attainment.Reached ? "—" : "未实现")
        : assessment.Gap is { } gap ? (gap > 0 ? "+" : "") + Format(gap, false) + unit : null;

    /// <summary>The share of the province's best reached, as a whole percent (rounded down); null without a reading.</summary>
    public static int? SharePercent(MetricAssessment assessment) => assessment.Share is { } share ? (int)Math.Floor(share * 100) : null;

    /// <summary>A value with its unit: 0.5天, 94.66%, 是.</summary>
    public static string FormatWithUnit(decimal value, bool isYesNo, string unit) => Format(value, isYesNo) + (isYesNo ? "" : unit);
}
