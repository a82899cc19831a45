using Linze.BizEnv.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.Web.Data;

/// <summary>What an import did (or, in a dry run, would do), in lines a person reads.</summary>
public sealed record ImportPlan(
    string Title, bool NewList, IReadOnlyList<string> Created, IReadOnlyList<string> Changed, IReadOnlyList<string> Archived, IReadOnlyList<string> Warnings)
{
    public bool HasChanges => NewList || Created.Count + Changed.Count + Archived.Count > 0;
}

/// <summary>
/// Brings a list document into the database. A new title creates a new list. A known title updates that list in
/// place, keyed by indicator number and problem order: unchanged problems keep all their progress, changed texts
/// are updated (and audited), and a problem the file no longer has is archived if it has any history, else deleted.
/// Importing the same file twice changes nothing. All of it is one transaction.
/// </summary>
public sealed class ListImport(BizEnvDbContext db, ListStore store)
{
    public async Task<ImportPlan> ImportAsync(ListDocument document, IReadOnlyList<string> warnings, bool dryRun, CancellationToken ct = default)
    {
        document = await WithAliasesResolvedAsync(document, ct);
        var list = await db.Lists
            .Include(l => l.Indicators).ThenInclude(i => i.Problems)
            .Include(l => l.Indicators).ThenInclude(i => i.Units).ThenInclude(u => u.Unit)
            .Include(l => l.Indicators).ThenInclude(i => i.Leader)
            .AsSplitQuery()
            .SingleOrDefaultAsync(l => l.Title == document.Title, ct);
        if (list is null)
        {
            var summary = new ImportPlan(document.Title, true,
                [$"新建清单《{document.Title}》：{document.Indicators.Count} 项指标、{document.Indicators.Sum(i => i.Problems.Count)} 个问题"], [], [], warnings);
            if (!dryRun)
            {
                await store.AddAsync(document, ct);
            }

            return summary;
        }

        var created = new List<string>();
        var changed = new List<string>();
        var archived = new List<string>();
        var allWarnings = warnings.ToList();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (list.IssuingOffice != document.IssuingOffice || list.IssueDate != document.IssueDate || list.Year != document.Year)
        {
            list.IssuingOffice = document.IssuingOffice;
            list.IssueDate = document.IssueDate;
            list.Year = document.Year;
            changed.Add("清单的印发单位、日期或年份");
        }

        var historied = await ProblemsWithHistoryAsync(list, ct);
        foreach (var source in document.Indicators)
        {
            var indicator = list.Indicators.SingleOrDefault(i => i.Number == source.Number);
            if (indicator is null)
            {
                created.Add($"指标 {source.Number}“{source.Name}”（{source.Problems.Count} 个问题）");
                list.Indicators.Add(await store.BuildIndicatorAsync(source, document.IssueDate, ct));
                continue;
            }

            var label = $"指标 {source.Number}“{source.Name}”";
            if (indicator.Name != source.Name || indicator.ProvinceBest != source.ProvinceBest)
            {
                indicator.Name = source.Name;
                indicator.ProvinceBest = source.ProvinceBest;
                changed.Add($"{label}的名称或全省最佳表现");
            }

            if (indicator.Leader?.Name != source.Leader)
            {
                indicator.Leader = source.Leader is null ? null : await store.LeaderAsync(source.Leader, ct);
                changed.Add($"{label}的责任领导");
            }

            if (!SameUnits(indicator, source))
            {
                db.IndicatorUnits.RemoveRange(indicator.Units);
                await db.SaveChangesAsync(ct);
                indicator.Units.Clear();
                indicator.Units.AddRange(await store.BuildRolesAsync(source, ct));
                changed.Add($"{label}的责任单位");
            }

            var existing = indicator.Problems.OrderBy(p => p.Ordinal).ToList();
            var lead = indicator.Units.Where(u => u.Role == UnitRole.Lead).OrderBy(u => u.SortOrder).FirstOrDefault();
            for (var i = 0; i < Math.Max(existing.Count, source.Problems.Count); i++)
            {
                if (i < existing.Count && i < source.Problems.Count)
                {
                    if (existing[i].Text != source.Problems[i])
                    {
                        existing[i].Text = source.Problems[i];
                        changed.Add($"{label}的问题 {i + 1}");
                    }
                }
                else if (i < source.Problems.Count)
                {
                    indicator.Problems.Add(ListStore.NewProblem(i + 1, source.Problems[i], lead, document.IssueDate));
                    created.Add($"{label}的问题 {i + 1}");
                }
                else if (historied.Contains(existing[i].Id))
                {
                    existing[i].Archive();
                    archived.Add($"{label}的问题 {i + 1}（有整改记录，已归档保留）");
                }
                else
                {
                    db.Problems.Remove(existing[i]);
                    archived.Add($"{label}的问题 {i + 1}（无整改记录，已删除）");
                }
            }
        }

        foreach (var missing in list.Indicators.Where(i => i.Id != 0 && document.Indicators.All(d => d.Number != i.Number)))
        {
            allWarnings.Add($"文件中没有指标 {missing.Number}“{missing.Name}”，该指标保持不变。");
        }

        var plan = new ImportPlan(document.Title, false, created, changed, archived, allWarnings);
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

    /// <summary>Unit names that were merged away are read as the unit they were merged into.</summary>
    private async Task<ListDocument> WithAliasesResolvedAsync(ListDocument document, CancellationToken ct)
    {
        var aliases = await db.UnitAliases.AsNoTracking().Select(a => new { a.Name, Unit = a.Unit.Name }).ToDictionaryAsync(a => a.Name, a => a.Unit, ct);
        if (aliases.Count == 0)
        {
            return document;
        }

        IReadOnlyList<string> Map(IReadOnlyList<string> names) => [.. names.Select(n => aliases.GetValueOrDefault(n, n)).Distinct()];
        return document with
        {
            Indicators = [.. document.Indicators.Select(i => i with { LeadUnits = Map(i.LeadUnits), DeputyUnits = Map(i.DeputyUnits), MemberUnits = Map(i.MemberUnits) })],
        };
    }

    /// <summary>Problems with anything attached: progress, status changes, instructions, extension requests or measures.</summary>
    private async Task<HashSet<int>> ProblemsWithHistoryAsync(ResponsibilityList list, CancellationToken ct)
    {
        var ids = list.Indicators.SelectMany(i => i.Problems).Select(p => p.Id).ToList();
        var withEntries = await db.ProgressEntries.Where(e => e.ProblemId != null && ids.Contains(e.ProblemId.Value)).Select(e => e.ProblemId!.Value).Distinct().ToListAsync(ct);
        var withChanges = await db.StatusChanges.Where(c => ids.Contains(c.ProblemId)).Select(c => c.ProblemId).Distinct().ToListAsync(ct);
        var withInstructions = await db.Instructions.Where(i => i.ProblemId != null && ids.Contains(i.ProblemId.Value)).Select(i => i.ProblemId!.Value).Distinct().ToListAsync(ct);
        var withRequests = await db.ExtensionRequests.Where(r => ids.Contains(r.ProblemId)).Select(r => r.ProblemId).Distinct().ToListAsync(ct);
        var withMeasures = list.Indicators.SelectMany(i => i.Problems).Where(p => p.Measures != null).Select(p => p.Id);
        return [.. withEntries, .. withChanges, .. withInstructions, .. withRequests, .. withMeasures];
    }

    private static bool SameUnits(Indicator indicator, IndicatorDocument source) =>
        UnitRoleNames.InListOrder.All(role => indicator.UnitsInRole(role).Select(u => u.Unit.Name).SequenceEqual(source.UnitsIn(role)));
}
