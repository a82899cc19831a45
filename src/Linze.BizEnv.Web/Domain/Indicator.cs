namespace Linze.BizEnv.Web.Domain;

/// <summary>One business-environment indicator (指标) of a list, e.g. 开办企业.</summary>
public class Indicator
{
    public int Id { get; set; }

    public int ListId { get; set; }

    public ResponsibilityList List { get; set; } = null!;

    /// <summary>序号: the indicator's number in the list, unique within it.</summary>
    public int Number { get; set; }

    public required string Name { get; set; }

    /// <summary>全省最佳表现: the province's best performance, the benchmark to reach.</summary>
    public string ProvinceBest { get; set; } = "";

    public int? LeaderId { get; set; }

    public Leader? Leader { get; set; }

    /// <summary>存在问题, in their order. An indicator may have none and still appears everywhere.</summary>
    public List<Problem> Problems { get; } = [];

    /// <summary>Responsible units (责任单位) in their roles, in the order the list names them.</summary>
    public List<IndicatorUnit> Units { get; } = [];

    /// <summary>对标指标项: the figures of <see cref="ProvinceBest"/>, in its order; none where it states no figure.</summary>
    public List<Benchmarking.BenchmarkMetric> Metrics { get; } = [];

    public IEnumerable<IndicatorUnit> UnitsInRole(UnitRole role) =>
        Units.Where(u => u.Role == role).OrderBy(u => u.SortOrder);
}
