using Linze.BizEnv.Web.Data;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Domain.Benchmarking;

namespace Linze.BizEnv.Web.Features.Imports;

/// <summary>
/// What an import does (or, in a dry run, would do): per indicator, which problems are kept, reworded, added and
/// archived or deleted, and what each look-alike unit becomes. The preview page and the command line both show it.
/// </summary>
public sealed record ImportPlan(
    string Title,
    bool NewList,
    IReadOnlyList<string> ListChanges,
    IReadOnlyList<IndicatorPlan> Indicators,
    IReadOnlyList<UnitDecision> Units,
    IReadOnlyList<string> Warnings) : IImportPlan
{
    /// <summary>对标指标项 proposed for the indicators that have none, and those the office accepted (issue #16).</summary>
    public IReadOnlyList<MetricOffer> Metrics { get; init; } = [];

    public bool HasChanges => NewList || ListChanges.Count > 0 || Units.Count > 0 || Indicators.Any(i => i.HasChanges) || AcceptedMetrics > 0;

    /// <summary>A file that changes nothing still goes to a confirmation when it proposes metrics: accepting them is a change.</summary>
    public bool NeedsConfirmation => HasChanges || Metrics.Count > 0;

    public int AcceptedMetrics => Metrics.Sum(m => m.Accepted.Count);

    /// <summary>The plan as indented lines of text, indicators without changes left out.</summary>
    public IEnumerable<string> Lines()
    {
        foreach (var change in ListChanges)
        {
            yield return $"  清单：{change}";
        }

        foreach (var unit in Units)
        {
            yield return $"  单位：{unit.Describe()}";
        }

        foreach (var indicator in Indicators.Where(i => i.HasChanges))
        {
            if (indicator.IsNew)
            {
                yield return $"  新增：{indicator.Label}（{indicator.Problems.Count} 个问题）";
                continue;
            }

            yield return $"  {indicator.Label}：";
            foreach (var (label, line) in indicator.Lines())
            {
                yield return $"    {label}：{line}";
            }
        }

        foreach (var offer in Metrics)
        {
            foreach (var line in offer.Lines())
            {
                yield return $"  {line}";
            }
        }

        foreach (var warning in Warnings)
        {
            yield return $"  提示：{warning}";
        }
    }

    /// <summary>One sentence for the page the office lands on after the import.</summary>
    public string Summary()
    {
        if (!HasChanges)
        {
            return $"《{Title}》与文件一致，也未采用任何建议的对标指标项，没有写入任何内容。";
        }

        var metrics = AcceptedMetrics > 0 ? $"，采用对标指标项 {AcceptedMetrics} 项。" : "。";
        if (NewList)
        {
            return $"已导入：{ListChanges[0]}{metrics}";
        }

        var existing = Indicators.Where(i => !i.IsNew).ToList();
        int Count(MatchKind kind) => existing.Sum(i => i.Problems.Count(p => p.Kind == kind));
        return $"已导入《{Title}》：新增指标 {Indicators.Count(i => i.IsNew)} 项、新增问题 {Count(MatchKind.Added)} 个、改写 {Count(MatchKind.Reworded)} 个、" +
            $"归档 {existing.Sum(i => i.Removed.Count(r => r.HasHistory))} 个、删除 {existing.Sum(i => i.Removed.Count(r => !r.HasHistory))} 个，单位调整 {Units.Count} 处{metrics}";
    }
}

/// <summary>One indicator of the file against the database. <see cref="Existing"/> are the problems it had, for correcting a match.</summary>
public sealed record IndicatorPlan(
    int Number,
    string Name,
    bool IsNew,
    IReadOnlyList<string> Changes,
    IReadOnlyList<ProblemPairing> Problems,
    IReadOnlyList<RemovedProblem> Removed,
    IReadOnlyList<ExistingProblem> Existing)
{
    public string Label => $"指标 {Number}“{Name}”";

    public bool HasChanges => IsNew || Changes.Count > 0 || Removed.Count > 0 || Problems.Any(p => p.Kind != MatchKind.Kept || p.Old!.Ordinal != p.Position);

    public IEnumerable<ProblemPairing> Kept => Problems.Where(p => p.Kind == MatchKind.Kept);

    /// <summary>The kept problems in one line, with their old numbers where they moved; null when none is kept.</summary>
    public string? KeptLine => Kept.Any() ? string.Join("、", Kept.Select(Numbered)) : null;

    /// <summary>Reworded and added problems: those whose match the office may correct.</summary>
    public IEnumerable<ProblemPairing> Open => Problems.Where(p => p.Kind != MatchKind.Kept);

    /// <summary>The indicator's part of the plan as (label, line): 修改, 保留, 改写, 新增, 归档, 删除.</summary>
    public IEnumerable<(string Label, string Line)> Lines()
    {
        foreach (var change in Changes)
        {
            yield return ("修改", change);
        }

        if (KeptLine is { } kept)
        {
            yield return ("保留", kept);
        }

        foreach (var problem in Open)
        {
            yield return Describe(problem);
        }

        foreach (var removed in Removed)
        {
            yield return removed.Describe();
        }
    }

    public static (string Label, string Line) Describe(ProblemPairing problem) => problem.Old is { } old
        ? ("改写", $"{Numbered(problem)}：“{old.Text}” → “{problem.Text}”")
        : ("新增", $"问题 {problem.Position}“{problem.Text}”");

    private static string Numbered(ProblemPairing problem) =>
        problem.Old is { } old && old.Ordinal != problem.Position ? $"问题 {problem.Position}（原问题 {old.Ordinal}）" : $"问题 {problem.Position}";
}

/// <summary>An old problem the file no longer has: archived with its history if it has any, else deleted.</summary>
public sealed record RemovedProblem(ExistingProblem Problem, bool HasHistory)
{
    public (string Label, string Line) Describe() => HasHistory
        ? ("归档", $"原问题 {Problem.Ordinal}“{Problem.Text}”（有整改记录，归档保留）")
        : ("删除", $"原问题 {Problem.Ordinal}“{Problem.Text}”（无整改记录）");
}

/// <summary>What a unit name that is new to the portal but looks like an existing unit becomes.</summary>
public enum UnitChoice
{
    /// <summary>A unit of its own.</summary>
    New,

    /// <summary>The existing unit under the new name: same id, accounts, roles and problems.</summary>
    Rename,

    /// <summary>The existing unit keeps its name; the new one becomes its alias.</summary>
    Merge,
}

/// <summary>An existing unit whose name looks like a name in the file; <see cref="StillInFile"/> when the file uses its own name too.</summary>
public sealed record LookAlikeUnit(int Id, string Name, bool StillInFile);

/// <summary>A name in the file, the existing units it looks like, and the choice made for it (<see cref="Target"/> unless new).</summary>
public sealed record UnitDecision(string Name, IReadOnlyList<LookAlikeUnit> Candidates, UnitChoice Choice, LookAlikeUnit? Target)
{
    public string Describe() => (Choice, Target) switch
    {
        (UnitChoice.Rename, { } target) => $"将“{target.Name}”改名为“{Name}”（保留其账号、责任和整改记录）",
        (UnitChoice.Merge, { } target) => $"文件中的“{Name}”并入已有单位“{target.Name}”（以后导入时视为同一单位）",
        _ => $"文件中的“{Name}”作为新单位（与已有的{string.Join("、", Candidates.Select(c => $"“{c.Name}”"))}相似）",
    };
}

/// <summary>
/// The office's corrections from the preview; what they do not name keeps the matcher's or the default choice. Suggested
/// metrics are stored only when accepted (<see cref="Metrics"/>, or all as proposed with <see cref="AcceptAllMetrics"/>: the
/// command line's --accept-metrics).
/// </summary>
public sealed record ImportChoices(IReadOnlyList<ProblemChoice> Problems, IReadOnlyList<UnitChoiceMade> Units)
{
    public static ImportChoices None { get; } = new([], []);

    public IReadOnlyList<MetricChoice> Metrics { get; init; } = [];

    public bool AcceptAllMetrics { get; init; }
}

/// <summary>
/// The office accepts suggestion <paramref name="Suggestion"/> (1-based) of indicator <paramref name="Indicator"/>, as
/// corrected in the preview (the fields as typed; checked by <see cref="ImportDecisions.AcceptMetrics"/>).
/// </summary>
public sealed record MetricChoice(int Indicator, int Suggestion, string? Name, string? Value, string? Unit, string? Direction);

/// <summary>
/// An indicator of the file that has no 对标指标项 (new, or never given any): the metrics proposed from its 全省最佳表现
/// (<see cref="MetricSuggestions"/>) and, when confirming, those the office accepted as corrected.
/// </summary>
public sealed record MetricOffer(int Number, string Name, string ProvinceBest, IReadOnlyList<MetricDocument> Suggestions, IReadOnlyList<MetricDocument> Accepted)
{
    public string Label => $"指标 {Number}“{Name}”";

    /// <summary>The direction's words for the preview and the command line.</summary>
    public static string DirectionText(MetricDocument metric) => metric.YesNo ? "是/否" : metric.Direction.ToChinese();

    public IEnumerable<string> Lines()
    {
        foreach (var metric in Accepted.Count > 0 ? Accepted : Suggestions)
        {
            var figure = metric.YesNo ? "实现" : $"{BenchmarkRules.Format(metric.Value ?? 0, false)}{(string.IsNullOrEmpty(metric.Unit) ? "" : " " + metric.Unit)}";
            yield return $"{(Accepted.Count > 0 ? "对标指标项" : "对标建议")}：{Label}：{metric.Name} {figure}（{DirectionText(metric)}，原文“{metric.Words}”）";
        }
    }
}

/// <summary>The file's problem at <paramref name="Position"/> of indicator <paramref name="Indicator"/> continues old problem <paramref name="OldProblemId"/>, or is new (null).</summary>
public sealed record ProblemChoice(int Indicator, int Position, int? OldProblemId);

public sealed record UnitChoiceMade(string Name, UnitChoice Choice, int? ExistingId);
