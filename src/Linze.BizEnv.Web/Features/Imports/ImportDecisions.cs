using Linze.BizEnv.Web.Data;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Domain.Benchmarking;
using Linze.BizEnv.Web.Excel;

namespace Linze.BizEnv.Web.Features.Imports;

/// <summary>The choices an import makes before it writes: what each look-alike unit becomes, and whether the office's corrections can stand.</summary>
public static class ImportDecisions
{
    /// <summary>
    /// A decision for every name in the file that the portal does not know but that looks like a unit it has
    /// (<see cref="UnitNames.LookAlike"/>). By default the name becomes a new unit: renaming or merging changes an
    /// existing unit in every list and moves its accounts, so only the office chooses it (<paramref name="made"/>: the
    /// preview's choices, or the command line's --rename/--merge). Refuses choices that cannot be.
    /// </summary>
    public static IReadOnlyList<UnitDecision> DecideUnits(ListDocument document, IReadOnlyList<Unit> units, IReadOnlyList<UnitChoiceMade> made)
    {
        var inFile = document.Indicators.SelectMany(i => i.LeadUnits.Concat(i.DeputyUnits).Concat(i.MemberUnits)).Distinct().ToList();
        var known = units.Select(u => u.Name).ToHashSet();
        var decisions = new List<UnitDecision>();
        foreach (var name in inFile.Where(n => !known.Contains(n)))
        {
            List<LookAlikeUnit> candidates = [.. units.Where(u => UnitNames.LookAlike(name, u.Name)).OrderBy(u => u.Name, StringComparer.Ordinal)
                .Select(u => new LookAlikeUnit(u.Id, u.Name, inFile.Contains(u.Name)))];
            if (candidates.Count > 0)
            {
                decisions.Add(new UnitDecision(name, candidates, UnitChoice.New, null));
            }
        }

        foreach (var choice in made)
        {
            var at = decisions.FindIndex(d => d.Name == choice.Name);
            if (at < 0 || made.Count(m => m.Name == choice.Name) > 1)
            {
                throw new ImportRefusedException($"“{choice.Name}”不是文件中待选择的相似单位，请重新预览后再确认。");
            }

            var target = choice.Choice == UnitChoice.New ? null
                : decisions[at].Candidates.FirstOrDefault(c => c.Id == choice.ExistingId)
                    ?? throw new ImportRefusedException($"“{choice.Name}”只能改名或并入与之相似的已有单位，请重新选择。");
            if (choice.Choice == UnitChoice.Rename && target!.StillInFile)
            {
                throw new ImportRefusedException($"文件中仍在使用“{target.Name}”，不能将其改名为“{choice.Name}”；请选择并入或作为新单位。");
            }

            decisions[at] = decisions[at] with { Choice = choice.Choice, Target = target };
        }

        if (decisions.Where(d => d.Choice == UnitChoice.Rename).GroupBy(d => d.Target!.Id).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new ImportRefusedException($"“{twice.First().Target!.Name}”不能同时改成{string.Join("和", twice.Select(d => $"“{d.Name}”"))}，请重新选择。");
        }

        return decisions;
    }

    /// <summary>Refuses corrections that name a problem the file or the indicator does not have, or pair one old problem twice.</summary>
    public static void CheckProblemChoices(IReadOnlyList<ProblemChoice> choices, ListDocument document, ResponsibilityList? list)
    {
        foreach (var choice in choices)
        {
            var source = document.Indicators.FirstOrDefault(i => i.Number == choice.Indicator);
            if (source is null || choice.Position < 1 || choice.Position > source.Problems.Count)
            {
                throw new ImportRefusedException($"文件的指标 {choice.Indicator} 中没有问题 {choice.Position}，请重新预览后再确认。");
            }

            var indicator = list?.Indicators.SingleOrDefault(i => i.Number == choice.Indicator);
            if (choice.OldProblemId is { } id && indicator?.Problems.Any(p => p.Id == id) != true)
            {
                throw new ImportRefusedException($"所选的原问题不属于指标 {choice.Indicator}，不能与其问题 {choice.Position} 对应，请重新选择。");
            }
        }

        if (choices.GroupBy(c => (c.Indicator, c.Position)).FirstOrDefault(g => g.Count() > 1) is { } repeated)
        {
            throw new ImportRefusedException($"指标 {repeated.Key.Indicator} 的问题 {repeated.Key.Position} 选择了不止一次，请重新预览后再确认。");
        }

        if (choices.Where(c => c.OldProblemId is not null).GroupBy(c => (c.Indicator, c.OldProblemId)).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new ImportRefusedException($"指标 {twice.Key.Indicator} 的问题 {string.Join("、", twice.Select(c => c.Position))} 对应了同一个原问题；一个原问题只能对应一个问题，请重新选择。");
        }
    }

    /// <summary>
    /// The 对标指标项 to propose: for each indicator of the file that will have none after the import (a new indicator, or
    /// one never given any; <paramref name="hasMetrics"/>), the figures of its 全省最佳表现. An indicator whose metrics the
    /// document itself states (the seed file) is not guessed at.
    /// At most <see cref="MetricSuggestions.MaxPerIndicator"/> per indicator and <see cref="ImportChoicesForm.MaxMetrics"/>
    /// in all; <paramref name="notes"/> says where figures were left out, to be added on the indicator page.
    /// </summary>
    public static List<MetricOffer> OfferMetrics(ListDocument document, Func<int, bool> hasMetrics, List<string> notes)
    {
        var offers = new List<MetricOffer>();
        var total = 0;
        foreach (var indicator in document.Indicators.Where(i => i.Metrics is not { Count: > 0 } && !hasMetrics(i.Number)))
        {
            var suggestions = MetricSuggestions.From(indicator.ProvinceBest, indicator.Name, MetricSuggestions.MaxPerIndicator + 1);
            if (suggestions.Count == 0)
            {
                continue;
            }

            if (total + Math.Min(suggestions.Count, MetricSuggestions.MaxPerIndicator) > ImportChoicesForm.MaxMetrics)
            {
                notes.Add($"建议的对标指标项已达 {ImportChoicesForm.MaxMetrics} 项上限，从指标 {indicator.Number}“{indicator.Name}”起不再建议；导入后可在各指标页添加。");
                break;
            }

            if (suggestions.Count > MetricSuggestions.MaxPerIndicator)
            {
                notes.Add($"指标 {indicator.Number}“{indicator.Name}”的全省最佳表现中数值较多，只建议了前 {MetricSuggestions.MaxPerIndicator} 个；其余可导入后在指标页添加。");
                suggestions = [.. suggestions.Take(MetricSuggestions.MaxPerIndicator)];
            }

            total += suggestions.Count;
            offers.Add(new MetricOffer(indicator.Number, indicator.Name, indicator.ProvinceBest, suggestions, []));
        }

        return offers;
    }

    /// <summary>
    /// The offers with the office's accepted metrics, as corrected: a name, a number (full-width digits allowed) unless
    /// 是/否, a unit and a direction; the words always the document's. Refuses, naming the suggestion, a choice the
    /// preview did not offer, one made twice, or a correction that cannot be stored.
    /// </summary>
    public static List<MetricOffer> AcceptMetrics(IReadOnlyList<MetricOffer> offers, ImportChoices choices)
    {
        if (choices.AcceptAllMetrics)
        {
            return [.. offers.Select(o => o with { Accepted = o.Suggestions })];
        }

        if (choices.Metrics.GroupBy(c => (c.Indicator, c.Suggestion)).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new ImportRefusedException($"指标 {twice.Key.Indicator} 的第 {twice.Key.Suggestion} 个建议指标项提交了不止一次，请重新预览后再确认。");
        }

        var accepted = choices.Metrics.ToLookup(c => c.Indicator);
        if (choices.Metrics.FirstOrDefault(c => offers.All(o => o.Number != c.Indicator)) is { } unoffered)
        {
            throw new ImportRefusedException($"指标 {unoffered.Indicator} 没有建议的对标指标项（文件中没有该指标、原文中没有数值，或该指标已有对标指标项），请重新预览后再确认。");
        }

        var result = offers.Select(offer => offer with
        {
            Accepted = [.. accepted[offer.Number].OrderBy(c => c.Suggestion).Select(choice => Accepted(offer, choice))],
        }).ToList();
        foreach (var offer in result)
        {
            if (offer.Accepted.GroupBy(m => m.Name).FirstOrDefault(g => g.Count() > 1) is { } same)
            {
                throw new MetricChoiceRefusedException(
                    $"{offer.Label}采用的指标项中有 {same.Count()} 个都叫“{same.Key}”，请改名区分后再确认。", offer.Number,
                    accepted[offer.Number].OrderBy(c => c.Suggestion).Where(c => (c.Name ?? "").Trim() == same.Key).Skip(1).First().Suggestion);
            }
        }

        return result;
    }

    private static MetricDocument Accepted(MetricOffer offer, MetricChoice choice)
    {
        var label = $"{offer.Label}的第 {choice.Suggestion} 个建议指标项";
        if (choice.Suggestion < 1 || choice.Suggestion > offer.Suggestions.Count)
        {
            throw new ImportRefusedException($"{offer.Label}没有第 {choice.Suggestion} 个建议指标项，请重新预览后再确认。");
        }

        var name = (choice.Name ?? "").Trim();
        label += name.Length > 0 ? $"“{name}”" : "";
        try
        {
            return BenchmarkMetric.Typed(name, offer.Suggestions[choice.Suggestion - 1].Words, choice.Value, choice.Unit, choice.Direction, null);
        }
        catch (RefusedException ex)
        {
            throw new MetricChoiceRefusedException($"{label}：{ex.Message}", offer.Number, choice.Suggestion);
        }
    }
}

/// <summary>A suggested metric the office accepted cannot be stored as corrected: the preview marks its row.</summary>
public sealed class MetricChoiceRefusedException(string message, int indicator, int suggestion) : ImportRefusedException(message)
{
    public int Indicator { get; } = indicator;

    public int Suggestion { get; } = suggestion;
}
