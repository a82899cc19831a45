using Linze.BizEnv.Web.Data;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Domain.Rectification;
using Linze.BizEnv.Web.Excel;
using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.Web.Features.Imports;

/// <summary>One value a ledger import changes: which problem, which column, from what to what.</summary>
public sealed record LedgerChange(string Number, string Problem, string Field, string From, string To)
{
    /// <summary>The change as one line a person reads (the command line prints these).</summary>
    public override string ToString() => $"问题 {Number}“{Problem}”：{Field} {Shown(From)} → {Shown(To)}";

    /// <summary>A value quoted on one line (line breaks shown as ↵), or （空）.</summary>
    public static string Shown(string value) => value.Length == 0 ? "（空）" : $"“{value.Replace("\n", "↵", StringComparison.Ordinal)}”";
}

/// <summary>What a ledger import did (or, in a dry run, would do).</summary>
public sealed record LedgerPlan(string ListTitle, int Rows, IReadOnlyList<LedgerChange> Changes, IReadOnlyList<string> Warnings) : IImportPlan
{
    public bool HasChanges => Changes.Count > 0;

    /// <summary>How many problems the import changes.</summary>
    public int ProblemsChanged => Changes.Select(c => c.Number).Distinct().Count();
}

/// <summary>
/// Brings a filled-in 整改台账 into the database: per problem, matched by 问题编号 (and checked against its text), the
/// 整改措施, 整改时限 and 责任单位 the office wrote. Each value is compared three ways, using the hidden 导出校验 the export
/// wrote: changed in the file → applied; changed in the portal since the export and not in the file → kept; changed on
/// both sides → refused, so nothing done in the portal is silently overwritten. Closed problems and problems under
/// review are not changed. Anything refused names the cell, and nothing is written; otherwise all of it is one
/// transaction, saved with each problem's version checked, and audited row by row.
/// </summary>
public sealed class LedgerImport(BizEnvDbContext db, ListStore lists)
{
    private const int ShownProblemChars = 20;

    public async Task<LedgerPlan> ImportAsync(ParsedLedger ledger, bool dryRun, CancellationToken ct = default)
    {
        var sheet = ledger.Lines[0].Cells.Sheet;
        var listId = ledger.ListTitle is { } title
            ? await db.Lists.Where(l => l.Title == title).Select(l => (int?)l.Id).FirstOrDefaultAsync(ct)
                ?? throw ImportRefusedException.At(sheet, ledger.TitleCell!, $"系统中没有清单《{title}》：请使用从本系统导出的整改台账填写。")
            : await lists.FindActiveListIdAsync(ct) ?? throw new ImportRefusedException("系统中还没有责任清单，无法导入台账。");
        var listTitle = await db.Lists.Where(l => l.Id == listId).Select(l => l.Title).SingleAsync(ct);

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var problems = await db.Problems
            .Include(p => p.Indicator).ThenInclude(i => i.Units)
            .Include(p => p.ResponsibleUnit)
            .Include(p => p.ExtensionRequests)
            .Where(p => p.Indicator.ListId == listId)
            .ToDictionaryAsync(p => $"{p.Indicator.Number}-{p.Ordinal}", ct);
        var unitNames = await db.Units.AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.Name, ct);
        var units = unitNames.ToDictionary(u => u.Value, u => u.Key);
        foreach (var alias in await db.UnitAliases.AsNoTracking().ToListAsync(ct))
        {
            units.TryAdd(alias.Name, alias.UnitId);
        }

        var changes = new List<LedgerChange>();
        var warnings = new List<string>();
        foreach (var line in ledger.Lines)
        {
            var cells = line.Cells;
            var problem = problems.GetValueOrDefault(line.Number)
                ?? throw ImportRefusedException.At(sheet, cells.Number, $"清单《{listTitle}》中没有问题编号为 {line.Number} 的问题：请保留导出时的问题编号，或重新导出台账后再填写。");
            if (line.Problem is { } text && text != LedgerLayout.Canonical(problem.Text))
            {
                throw ImportRefusedException.At(sheet, cells.Problem!, $"问题 {line.Number} 的问题内容与系统中不符（系统中为“{Short(problem.Text)}”）：台账可能来自旧版清单，请重新导出台账后再填写。");
            }

            var label = Short(problem.Text);
            var current = (Measures: LedgerLayout.Canonical(problem.Measures), Due: LedgerLayout.DueText(problem.DueDate, problem.IsLongTerm), Unit: problem.ResponsibleUnit?.Name ?? "");
            // A unit name merged away reads as the unit it was merged into: no change when that is the current unit.
            var unitName = units.TryGetValue(line.Unit, out var named) && named == problem.ResponsibleUnitId ? current.Unit : line.Unit;
            var wanted = new[]
            {
                Decide(line, 0, "整改措施", current.Measures, line.Measures, cells.Measures, warnings),
                Decide(line, 1, "整改时限", current.Due, line.DueText, cells.Due, warnings),
                Decide(line, 2, "责任单位", current.Unit, unitName, cells.Unit, warnings),
            };
            if (wanted.All(w => !w))
            {
                continue;
            }

            var firstCell = wanted[0] ? cells.Measures : wanted[1] ? cells.Due : cells.Unit;
            if (problem.Status == ProblemStatus.Closed)
            {
                throw ImportRefusedException.At(sheet, firstCell, $"问题 {line.Number} 已销号，不能再修改整改措施、整改时限或责任单位：请把该行改回导出时的内容。");
            }

            if (problem.Status == ProblemStatus.SubmittedForClosure)
            {
                throw ImportRefusedException.At(sheet, firstCell, $"问题 {line.Number} 已申请销号、正在审核：请先在系统中批准或退回，再导入对它的修改（或把该行改回导出时的内容）。");
            }

            var unitId = problem.ResponsibleUnitId;
            if (wanted[2])
            {
                if (line.Unit.Length == 0)
                {
                    throw ImportRefusedException.At(sheet, cells.Unit, $"问题 {line.Number} 的责任单位不能为空：请填写本指标的组长、副组长或成员单位之一。");
                }

                if (!units.TryGetValue(line.Unit, out var id))
                {
                    throw ImportRefusedException.At(sheet, cells.Unit, $"系统中没有单位“{line.Unit}”：请按“责任单位”页面中的名称填写。");
                }

                if (!problem.MayBeAnsweredForBy(id))
                {
                    throw ImportRefusedException.At(sheet, cells.Unit, $"单位“{line.Unit}”不是指标 {problem.Indicator.Number}“{problem.Indicator.Name}”的组长、副组长或成员单位，不能作为问题 {line.Number} 的责任单位。");
                }

                unitId = id;
                changes.Add(new(line.Number, label, "责任单位", current.Unit, unitNames[id]));
            }

            if (wanted[0])
            {
                changes.Add(new(line.Number, label, "整改措施", current.Measures, line.Measures));
            }

            if (wanted[1])
            {
                changes.Add(new(line.Number, label, "整改时限", current.Due, line.DueText));
                if (problem.ExtensionRequests.Any(r => r.Status == ExtensionStatus.Pending))
                {
                    warnings.Add($"问题 {line.Number} 有待审核的延期申请：批准延期时，整改时限将改为申请的日期。");
                }
            }

            try
            {
                if (wanted[0])
                {
                    problem.EditMeasures(line.Measures);
                }

                if (wanted[1] || wanted[2])
                {
                    problem.SetSchedule(wanted[1] ? line.DueDate : problem.DueDate, problem.StartDate, unitId, wanted[1] ? line.IsLongTerm : problem.IsLongTerm);
                }
            }
            catch (RefusedException ex)
            {
                throw ImportRefusedException.At(sheet, wanted[1] ? cells.Due : firstCell, $"问题 {line.Number}：{ex.Message}{(problem.StartDate is { } start ? $"（开始日期 {ChinaTime.FormatDate(start)}）" : "")}");
            }
        }

        var plan = new LedgerPlan(listTitle, ledger.Lines.Count, changes, warnings);
        if (dryRun || !plan.HasChanges)
        {
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return plan;
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            throw new ImportRefusedException("导入时有人正在修改其中的问题，未导入任何改动：请重新上传台账，查看预览后再确认。");
        }

        await transaction.CommitAsync(ct);
        return plan;
    }

    /// <summary>
    /// Whether the file changes one value: not when it equals the database; when the export's checksum shows the
    /// database still holds what was exported; refused when both sides changed it since the export.
    /// </summary>
    private static bool Decide(LedgerLine line, int index, string field, string current, string incoming, string cell, List<string> warnings)
    {
        if (current == incoming)
        {
            return false;
        }

        if (line.Checksum is not { } exported)
        {
            // A hand-made ledger, or a row the office added: the file is taken as it is, and the preview says so.
            if (!warnings.Contains(NoChecksum))
            {
                warnings.Add(NoChecksum);
            }

            return true;
        }

        if (LedgerLayout.Hash(current) == exported[index])
        {
            return true;
        }

        if (LedgerLayout.Hash(incoming) == exported[index])
        {
            warnings.Add($"问题 {line.Number} 的{field}在导出台账后已在系统中改为{LedgerChange.Shown(current)}，台账中未改，保留系统中的内容。");
            return false;
        }

        throw ImportRefusedException.At(line.Cells.Sheet, cell,
            $"问题 {line.Number} 的{field}在导出台账后已在系统中改为{LedgerChange.Shown(current)}，与台账中的{LedgerChange.Shown(incoming)}冲突：请重新导出台账，在新台账中填写后再导入。");
    }

    private const string NoChecksum = "台账中有的行没有“导出校验”（不是本系统导出的原样表格，或该列被删除）：这些行按文件内容导入，无法发现导出后在系统中做的修改，请仔细核对预览。";

    private static string Short(string text) => PlainText.Shorten(text, ShownProblemChars);
}
