namespace Linze.BizEnv.Web.Domain;

/// <summary>
/// A responsibility list as the document reads: what the seed file, the Excel importer and the Excel
/// exporters exchange. Units are names, in the order the document names them.
/// </summary>
public sealed record ListDocument(
    string Title,
    string? IssuingOffice,
    DateOnly? IssueDate,
    int Year,
    IReadOnlyList<IndicatorDocument> Indicators);

public sealed record IndicatorDocument(
    int Number,
    string Name,
    string ProvinceBest,
    string? Leader,
    IReadOnlyList<string> Problems,
    IReadOnlyList<string> LeadUnits,
    IReadOnlyList<string> DeputyUnits,
    IReadOnlyList<string> MemberUnits,
    IReadOnlyList<MetricDocument>? Metrics = null)
{
    public IReadOnlyList<string> UnitsIn(UnitRole role) => role switch
    {
        UnitRole.Lead => LeadUnits,
        UnitRole.Deputy => DeputyUnits,
        UnitRole.Member => MemberUnits,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };
}

/// <summary>
/// A 对标指标项 as the seed file (and the import preview) states it: its name, the words of 全省最佳表现 it is read from,
/// the value (none for a yes/no metric, whose best is 实现), unit and direction, and a note where the document is ambiguous.
/// </summary>
public sealed record MetricDocument(
    string Name,
    string Words,
    decimal? Value,
    string? Unit,
    Benchmarking.MetricDirection Direction,
    bool YesNo = false,
    string? Note = null);
