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
    IReadOnlyList<string> MemberUnits)
{
    public IReadOnlyList<string> UnitsIn(UnitRole role) => role switch
    {
        UnitRole.Lead => LeadUnits,
        UnitRole.Deputy => DeputyUnits,
        UnitRole.Member => MemberUnits,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };
}
