using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Domain.Rectification;

namespace Linze.BizEnv.Web.Excel;

/// <summary>One line of the 整改台账: a problem, or an indicator that has none.</summary>
public sealed record LedgerRow(
    int IndicatorNumber, string Indicator, int? ProblemOrdinal, string? Problem, string? Measures, string? ResponsibleUnit, string? Leader,
    DateOnly? DueDate, ProblemStatus? Status, int? PercentComplete, string? LatestProgress, DateOnly? LatestReportDate,
    bool IsOverdue, TrafficLight? Light, DateTime? ClosedAtUtc, bool IsLongTerm = false, string? ClosureNote = null, string? ReviewComment = null,
    UrgeLevel? UrgeLevel = null)
{
    /// <summary>问题编号: the problem's stable identity in the ledger, <c>{indicator number}-{ordinal}</c> (1-2); none for an indicator without problems.</summary>
    public string? ProblemNumber => ProblemOrdinal is { } ordinal ? $"{IndicatorNumber}-{ordinal}" : null;
}

/// <summary>
/// A progress entry, for a unit's own report: its percent (none on a 对标举措 or 协办 entry, or when not given), whether it
/// is 协办 (written on a problem another unit answers for), and its evidence files' names in upload order.
/// </summary>
public sealed record LedgerEntry(
    DateOnly Date, string Indicator, int? ProblemOrdinal, string Text, string Author, int? PercentComplete, bool IsSupporting, IReadOnlyList<string> EvidenceFiles);

/// <summary>
/// The ledger of one list, as of a day, narrowed by leader, unit and status. <paramref name="Issuer"/> signs it in the
/// footer: the list's issuing office, or for a unit's own report the unit.
/// </summary>
public sealed record LedgerReport(
    string ListTitle, string? Issuer, DateOnly AsOf, string? Filter, IReadOnlyList<LedgerRow> Rows, IReadOnlyList<LedgerEntry> Entries,
    IReadOnlyList<BenchmarkRow>? Benchmarks = null);

/// <summary>A line of the 对标差距 sheet: a 对标指标项 with the county's current value (the latest month's), assessed.</summary>
public sealed record BenchmarkRow(
    int IndicatorNumber, string Indicator, string Metric, decimal Best, bool IsYesNo, string Unit, Domain.Benchmarking.MetricDirection Direction,
    DateOnly? Period, Domain.Benchmarking.MetricAssessment Assessment);
