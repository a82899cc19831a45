using Linze.BizEnv.Web.Data;
using Linze.BizEnv.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.Web.Features.Imports;

/// <summary>
/// Brings a list document into the database. A new title creates a new list. A known title updates that list in
/// place: indicators by number, problems within an indicator by text (<see cref="ProblemMatcher"/>, ADR-0010). A kept
/// or reworded problem keeps its row and all its progress (a rewording is audited with the old text); a problem the
/// file no longer has is archived if it has any history, else deleted; the file's other problems are new. A unit name
/// new to the portal that looks like an existing unit is renamed, merged or created as the office chooses. Importing
/// the same file twice changes nothing. All of it is one transaction; a dry run rolls it back.
/// </summary>
public sealed class ListImport(BizEnvDbContext db, ListStore store)
{
    public async Task<ImportPlan> ImportAsync(ListDocument document, IReadOnlyList<string> warnings, ImportChoices choices, bool dryRun, CancellationToken ct = default)
    {
        document = await WithAliasesResolvedAsync(document, ct);
        var units = await db.Units.ToListAsync(ct);
        var decisions = ImportDecisions.DecideUnits(document, units, choices.Units);
        var list = await db.Lists
            .Include(l => l.Indicators).ThenInclude(i => i.Problems)
            .Include(l => l.Indicators).ThenInclude(i => i.Units).ThenInclude(u => u.Unit)
            .Include(l => l.Indicators).ThenInclude(i => i.Leader)
            .Include(l => l.Indicators).ThenInclude(i => i.Metrics)
            .AsSplitQuery()
            .SingleOrDefaultAsync(l => l.Title == document.Title, ct);
        ImportDecisions.CheckProblemChoices(choices.Problems, document, list);
        var metricNotes = new List<string>();
        var metrics = ImportDecisions.AcceptMetrics(
            ImportDecisions.OfferMetrics(document, number => list?.Indicators.Any(i => i.Number == number && i.Metrics.Count > 0) == true, metricNotes), choices);
        document = WithMetrics(document, metrics);

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        document = ApplyUnitDecisions(document, decisions, units);
        ImportPlan plan;
        if (list is null)
        {
            plan = new ImportPlan(document.Title, true,
                [$"新建清单《{document.Title}》：{document.Indicators.Count} 项指标、{document.Indicators.Sum(i => i.Problems.Count)} 个问题"], [], decisions, warnings);
            if (!dryRun)
            {
                await store.AddAsync(document, ct);
            }
        }
        else
        {
            plan = await UpdateAsync(list, document, decisions, warnings, choices, ct);
        }

        plan = plan with { Metrics = metrics, Warnings = [.. plan.Warnings, .. metricNotes] };

        if (dryRun || !plan.HasChanges)
        {
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return plan;
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return plan;
    }

    /// <summary>Renames units and records merged names as aliases (in memory until saved); the document then names merged units by their kept name.</summary>
    private ListDocument ApplyUnitDecisions(ListDocument document, IReadOnlyList<UnitDecision> decisions, List<Unit> units)
    {
        var merged = new Dictionary<string, string>();
        foreach (var decision in decisions)
        {
            switch (decision)
            {
                case { Choice: UnitChoice.Rename, Target: { } target }:
                    units.Single(u => u.Id == target.Id).Name = decision.Name;
                    break;
                case { Choice: UnitChoice.Merge, Target: { } target }:
                    db.UnitAliases.Add(new UnitAlias { Name = decision.Name, UnitId = target.Id });
                    merged[decision.Name] = target.Name;
                    break;
            }
        }

        return WithUnitsRenamed(document, merged);
    }

    private async Task<ImportPlan> UpdateAsync(
        ResponsibilityList list, ListDocument document, IReadOnlyList<UnitDecision> decisions, IReadOnlyList<string> warnings, ImportChoices choices, CancellationToken ct)
    {
        // A file without the footer says nothing about who issued the list or when: what the portal has stays.
        var listChanges = new List<string>();
        string Shown(object? value) => value is null ? "（空）" : $"“{value}”";
        if (document.IssuingOffice is { } office && office != list.IssuingOffice)
        {
            listChanges.Add($"清单的印发单位：{Shown(list.IssuingOffice)} → {Shown(office)}");
            list.IssuingOffice = office;
        }

        if (document.IssueDate is { } issued && issued != list.IssueDate)
        {
            listChanges.Add($"清单的印发日期：{Shown(list.IssueDate is { } old ? ChinaTime.FormatDate(old) : null)} → “{ChinaTime.FormatDate(issued)}”");
            list.IssueDate = issued;
        }

        if (document.IssueDate is not null && document.Year != list.Year)
        {
            listChanges.Add($"清单的年份：{list.Year} → {document.Year}");
            list.Year = document.Year;
        }

        var rolesBefore = list.Indicators.SelectMany(i => i.Units).Select(u => (u.UnitId, u.Unit.Name)).Distinct().ToList();

        var historied = await ProblemsWithHistoryAsync(list, ct);
        var indicators = new List<IndicatorPlan>();
        foreach (var source in document.Indicators)
        {
            var indicator = list.Indicators.SingleOrDefault(i => i.Number == source.Number);
            if (indicator is null)
            {
                list.Indicators.Add(await store.BuildIndicatorAsync(source, document.IssueDate, ct));
                indicators.Add(new IndicatorPlan(source.Number, source.Name, true, [],
                    [.. source.Problems.Select((text, i) => new ProblemPairing(i + 1, text, null, MatchKind.Added, 0))], [], []));
                continue;
            }

            var chosen = choices.Problems.Where(c => c.Indicator == source.Number).ToDictionary(c => c.Position, c => c.OldProblemId);
            indicators.Add(await UpdateIndicatorAsync(indicator, source, historied, chosen, document.IssueDate, ct));
        }

        var allWarnings = warnings.ToList();
        foreach (var missing in list.Indicators.Where(i => i.Id != 0 && document.Indicators.All(d => d.Number != i.Number)))
        {
            allWarnings.Add($"文件中没有指标 {missing.Number}“{missing.Name}”，该指标保持不变。");
        }

        allWarnings.AddRange(await UnitsLosingEveryRoleAsync(list, document, rolesBefore, ct));

        return new ImportPlan(document.Title, false, listChanges, indicators, decisions, allWarnings);
    }

    /// <summary>
    /// Units with accounts that hold a role in the list now and none in the file: most often a unit renamed in the
    /// file (县市场监管局 → 县市场监督管理局) whose accounts would lose sight of their problems.
    /// </summary>
    private async Task<IEnumerable<string>> UnitsLosingEveryRoleAsync(ResponsibilityList list, ListDocument document, List<(int UnitId, string Name)> before, CancellationToken ct)
    {
        var inFile = document.Indicators.SelectMany(i => i.LeadUnits.Concat(i.DeputyUnits).Concat(i.MemberUnits)).ToHashSet();
        var losing = before.Where(u => !inFile.Contains(u.Name)).ToList();
        var ids = losing.Select(u => u.UnitId).ToList();
        var accounts = await db.Users.Where(u => u.UnitId != null && ids.Contains(u.UnitId.Value)).GroupBy(u => u.UnitId!.Value)
            .Select(g => new { UnitId = g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.UnitId, g => g.Count, ct);
        return losing.Where(u => accounts.ContainsKey(u.UnitId)).Select(u =>
            $"单位“{u.Name}”导入后不再承担《{list.Title}》的任何指标，它的 {accounts[u.UnitId]} 个账号将不能再为本清单登记进展。"
            + "如果文件中换了它的名称（如全称与简称），请先在“单位管理”中把它改名为文件中的名称，或在文件中改回原名，再导入。");
    }

    private async Task<IndicatorPlan> UpdateIndicatorAsync(
        Indicator indicator, IndicatorDocument source, HashSet<int> historied, Dictionary<int, int?> chosen, DateOnly? issueDate, CancellationToken ct)
    {
        var changes = new List<string>();
        if (indicator.Name != source.Name)
        {
            changes.Add($"指标名称：“{indicator.Name}” → “{source.Name}”");
            indicator.Name = source.Name;
        }

        if (indicator.ProvinceBest != source.ProvinceBest)
        {
            changes.Add("全省最佳表现（已按文件更新）");
            indicator.ProvinceBest = source.ProvinceBest;
        }

        if (indicator.Leader?.Name != source.Leader)
        {
            changes.Add($"责任领导：{indicator.Leader?.Name ?? "（无）"} → {source.Leader ?? "（无）"}");
            indicator.Leader = source.Leader is null ? null : await store.LeaderAsync(source.Leader, ct);
        }

        if (!SameUnits(indicator, source))
        {
            changes.Add("责任单位：" + string.Join("；", UnitRoleNames.InListOrder
                .Select(role => (role, Before: indicator.UnitsInRole(role).Select(u => u.Unit.Name).ToList(), After: source.UnitsIn(role)))
                .Where(r => !r.Before.SequenceEqual(r.After))
                .Select(r => $"{r.role.ToChinese()}{string.Concat(r.After.Except(r.Before).Select(n => $" 增加“{n}”"))}{string.Concat(r.Before.Except(r.After).Select(n => $" 去掉“{n}”"))}"
                    + (r.After.Except(r.Before).Any() || r.Before.Except(r.After).Any() ? "" : " 顺序调整"))));
            db.IndicatorUnits.RemoveRange(indicator.Units);
            await db.SaveChangesAsync(ct);
            indicator.Units.Clear();
            indicator.Units.AddRange(await store.BuildRolesAsync(source, ct));
            changes.Add("责任单位");
        }

        if (indicator.Metrics.Count == 0 && source.Metrics is { Count: > 0 } metrics)
        {
            indicator.Metrics.AddRange(metrics.Select((m, i) => Domain.Benchmarking.BenchmarkMetric.From(m, i + 1)));
            changes.Add($"对标指标项：采用 {metrics.Count} 项");
        }

        var existing = indicator.Problems.OrderBy(p => p.Ordinal).Select(p => new ExistingProblem(p.Id, p.Ordinal, p.Text)).ToList();
        var matching = ProblemMatcher.Match(existing, source.Problems, chosen);
        var byId = indicator.Problems.ToDictionary(p => p.Id);
        var removed = matching.Removed.Select(p => new RemovedProblem(p, historied.Contains(p.Id))).ToList();
        foreach (var gone in removed)
        {
            if (gone.HasHistory)
            {
                byId[gone.Problem.Id].Archive();
            }
            else
            {
                db.Problems.Remove(byId[gone.Problem.Id]);
            }
        }

        // Numbers are unique within an indicator: move renumbered problems out of the way before giving them their new number.
        var moved = matching.Incoming.Where(p => p.Old is { } old && old.Ordinal != p.Position).Select(p => byId[p.Old!.Id]).ToList();
        moved.ForEach(p => p.MoveNumberAside());
        if (removed.Count + moved.Count > 0)
        {
            await db.SaveChangesAsync(ct);
        }

        var lead = indicator.Units.Where(u => u.Role == UnitRole.Lead).OrderBy(u => u.SortOrder).FirstOrDefault();
        // A problem archived by an earlier update that the file lists again, word for word, comes back with its history.
        var archived = indicator.Id == 0 ? [] : await db.Problems.IgnoreQueryFilters().Include(p => p.ResponsibleUnit)
            .Where(p => p.IndicatorId == indicator.Id && p.IsArchived).ToListAsync(ct);
        foreach (var pairing in matching.Incoming)
        {
            if (pairing.Old is null)
            {
                if (archived.FirstOrDefault(p => ProblemMatcher.Normalise(p.Text) == ProblemMatcher.Normalise(pairing.Text)) is { } back)
                {
                    archived.Remove(back);
                    back.Restore(pairing.Position);
                    changes.Add($"问题 {pairing.Position} 是此前归档的问题，恢复并保留其整改记录");
                    continue;
                }

                indicator.Problems.Add(Problem.Create(pairing.Position, pairing.Text, lead, issueDate));
                continue;
            }

            var problem = byId[pairing.Old.Id];
            problem.Renumber(pairing.Position);
            if (pairing.Kind == MatchKind.Reworded)
            {
                problem.Reword(pairing.Text);
            }

            // A unit that no longer has any role on the indicator (renamed into a new unit, say) hands its problems to the lead unit.
            if (problem.ResponsibleUnit is { } responsible && lead is not null && indicator.Units.All(u => u.Unit != responsible))
            {
                changes.Add($"问题 {pairing.Position} 改由“{lead.Unit.Name}”负责（“{responsible.Name}”不再承担该指标）");
                problem.HandTo(lead.Unit);
            }
        }

        return new IndicatorPlan(source.Number, source.Name, false, changes, matching.Incoming, removed, existing);
    }

    /// <summary>The document with the accepted suggestions as the metrics of the indicators they were offered for.</summary>
    private static ListDocument WithMetrics(ListDocument document, IReadOnlyList<MetricOffer> offers) =>
        offers.Count == 0 ? document : document with
        {
            Indicators = [.. document.Indicators.Select(i => offers.FirstOrDefault(o => o.Number == i.Number) is { } offer ? i with { Metrics = offer.Accepted } : i)],
        };

    /// <summary>Unit names that were merged away are read as the unit they were merged into.</summary>
    private async Task<ListDocument> WithAliasesResolvedAsync(ListDocument document, CancellationToken ct)
    {
        var aliases = await db.UnitAliases.AsNoTracking().Select(a => new { a.Name, Unit = a.Unit.Name }).ToDictionaryAsync(a => a.Name, a => a.Unit, ct);
        return WithUnitsRenamed(document, aliases);
    }

    private static ListDocument WithUnitsRenamed(ListDocument document, Dictionary<string, string> names)
    {
        if (names.Count == 0)
        {
            return document;
        }

        IReadOnlyList<string> Map(IReadOnlyList<string> units) => [.. units.Select(n => names.GetValueOrDefault(n, n)).Distinct()];
        return document with
        {
            Indicators = [.. document.Indicators.Select(i => i with { LeadUnits = Map(i.LeadUnits), DeputyUnits = Map(i.DeputyUnits), MemberUnits = Map(i.MemberUnits) })],
        };
    }

    /// <summary>Problems with anything attached: progress, status changes, instructions, 催办, 督办通知单, extension requests or measures.</summary>
    private async Task<HashSet<int>> ProblemsWithHistoryAsync(ResponsibilityList list, CancellationToken ct)
    {
        var ids = list.Indicators.SelectMany(i => i.Problems).Select(p => p.Id).ToList();
        var withEntries = await db.ProgressEntries.Where(e => e.ProblemId != null && ids.Contains(e.ProblemId.Value)).Select(e => e.ProblemId!.Value).Distinct().ToListAsync(ct);
        var withChanges = await db.StatusChanges.Where(c => ids.Contains(c.ProblemId)).Select(c => c.ProblemId).Distinct().ToListAsync(ct);
        var withInstructions = await db.Instructions.Where(i => i.ProblemId != null && ids.Contains(i.ProblemId.Value)).Select(i => i.ProblemId!.Value).Distinct().ToListAsync(ct);
        var withUrges = await db.Urges.Where(u => ids.Contains(u.ProblemId)).Select(u => u.ProblemId).Distinct().ToListAsync(ct);
        var withRequests = await db.ExtensionRequests.Where(r => ids.Contains(r.ProblemId)).Select(r => r.ProblemId).Distinct().ToListAsync(ct);
        var withNotices = await db.SupervisionNoticeProblems.Where(n => ids.Contains(n.ProblemId)).Select(n => n.ProblemId).Distinct().ToListAsync(ct);
        var withMeasures = list.Indicators.SelectMany(i => i.Problems).Where(p => p.Measures != null).Select(p => p.Id);
        return [.. withEntries, .. withChanges, .. withInstructions, .. withUrges, .. withRequests, .. withNotices, .. withMeasures];
    }

    private static bool SameUnits(Indicator indicator, IndicatorDocument source) =>
        UnitRoleNames.InListOrder.All(role => indicator.UnitsInRole(role).Select(u => u.Unit.Name).SequenceEqual(source.UnitsIn(role)));
}
