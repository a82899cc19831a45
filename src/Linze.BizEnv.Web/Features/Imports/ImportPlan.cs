using Linze.BizEnv.Web.Data;
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
    public bool HasChanges => NewList || ListChanges.Count > 0 || Units.Count > 0 || Indicators.Any(i => i.HasChanges);

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

        foreach (var warning in Warnings)
        {
            yield return $"  提示：{warning}";
        }
    }

    /// <summary>One sentence for the page the office lands on after the import.</summary>
    public string Summary()
    {
        var existing = Indicators.Where(i => !i.IsNew).ToList();
        int Count(MatchKind kind) => existing.Sum(i => i.Problems.Count(p => p.Kind == kind));
        return $"已导入《{Title}》：新增指标 {Indicators.Count(i => i.IsNew)} 项、新增问题 {Count(MatchKind.Added)} 个、改写 {Count(MatchKind.Reworded)} 个、" +
            $"归档 {existing.Sum(i => i.Removed.Count(r => r.HasHistory))} 个、删除 {existing.Sum(i => i.Removed.Count(r => !r.HasHistory))} 个，单位调整 {Units.Count} 处。";
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

/// <summary>The office's corrections from the preview; what they do not name keeps the matcher's or the default choice.</summary>
public sealed record ImportChoices(IReadOnlyList<ProblemChoice> Problems, IReadOnlyList<UnitChoiceMade> Units)
{
    public static ImportChoices None { get; } = new([], []);
}

/// <summary>The file's problem at <paramref name="Position"/> of indicator <paramref name="Indicator"/> continues old problem <paramref name="OldProblemId"/>, or is new (null).</summary>
public sealed record ProblemChoice(int Indicator, int Position, int? OldProblemId);

public sealed record UnitChoiceMade(string Name, UnitChoice Choice, int? ExistingId);
