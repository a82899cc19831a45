using Linze.BizEnv.Web.Data;
using Linze.BizEnv.Web.Data.Seeding;
using Linze.BizEnv.Web.Excel;
using Linze.BizEnv.Web.Features.Imports;
using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.Web.Cli;

/// <summary><c>import &lt;file&gt;</c> (a list, updated in place by title) and <c>import ledger &lt;file&gt;</c> (a filled-in 整改台账).</summary>
internal static class ImportVerb
{
    /// <summary>
    /// <c>--dry-run</c>, per look-alike unit <c>--rename 新名=原名</c> or <c>--merge 新名=原名</c> (the preview's choices), and
    /// <c>--accept-metrics</c> to store the suggested 对标指标项 as proposed (the preview lets the office correct each one).
    /// </summary>
    public sealed record ImportFlags(bool DryRun, IReadOnlyList<(string Name, UnitChoice Choice, string Existing)> Units, bool AcceptMetrics = false)
    {
        public static ImportFlags? Parse(string[] flags)
        {
            var dryRun = false;
            var acceptMetrics = false;
            var units = new List<(string, UnitChoice, string)>();
            for (var i = 0; i < flags.Length; i++)
            {
                switch (flags[i])
                {
                    case "--dry-run":
                        dryRun = true;
                        break;
                    case "--accept-metrics":
                        acceptMetrics = true;
                        break;
                    case "--rename" or "--merge" when i + 1 < flags.Length && flags[i + 1].Split('=') is [{ Length: > 0 } name, { Length: > 0 } existing]:
                        units.Add((name.Trim(), flags[i] == "--rename" ? UnitChoice.Rename : UnitChoice.Merge, existing.Trim()));
                        i++;
                        break;
                    default:
                        return null;
                }
            }

            return new ImportFlags(dryRun, units, acceptMetrics);
        }
    }

    public static async Task<int> ListAsync(IServiceProvider sp, string file, ImportFlags flags, TextWriter output, TextWriter error)
    {
        await sp.GetRequiredService<DatabaseInitialiser>().InitialiseAsync();
        var dryRun = flags.DryRun;
        ImportPlan plan;
        try
        {
            ParsedList parsed;
            await using (var stream = File.OpenRead(file))
            {
                parsed = ListImporter.Read(stream);
            }

            var names = flags.Units.Select(u => u.Existing).ToList();
            var ids = await sp.GetRequiredService<BizEnvDbContext>().Units.Where(u => names.Contains(u.Name)).ToDictionaryAsync(u => u.Name, u => u.Id);
            var unknown = names.FirstOrDefault(n => !ids.ContainsKey(n));
            if (unknown is not null)
            {
                throw new ImportRefusedException($"系统中没有单位“{unknown}”，不能改名或并入。");
            }

            var choices = new ImportChoices([], [.. flags.Units.Select(u => new UnitChoiceMade(u.Name, u.Choice, ids[u.Existing]))]) { AcceptAllMetrics = flags.AcceptMetrics };
            plan = await sp.GetRequiredService<ListImport>().ImportAsync(parsed.List, parsed.Warnings, choices, dryRun);
        }
        catch (ImportRefusedException ex)
        {
            await error.WriteLineAsync($"未导入：{ex.Message}");
            return 1;
        }

        await output.WriteLineAsync($"{(dryRun ? "试导入（未写入）" : "已导入")}《{plan.Title}》：");
        foreach (var line in plan.Lines())
        {
            await output.WriteLineAsync(line);
        }

        if (plan.Units.Count > 0)
        {
            await output.WriteLineAsync("  （相似单位未指定时作为新单位；如是同一单位，请加 --rename 新名=原名（改名，保留账号和整改记录）或 --merge 新名=原名（并入），或在门户的“导入清单”页面预览后选择。）");
        }

        if (plan.AcceptedMetrics > 0)
        {
            await output.WriteLineAsync($"  {(dryRun ? "将采用" : "已采用")}对标指标项 {plan.AcceptedMetrics} 项。");
        }
        else if (plan.Metrics.Count > 0)
        {
            await output.WriteLineAsync("  （以上对标建议未保存：核对无误后加 --accept-metrics 全部按建议保存，或在门户的“导入清单”页面预览后逐项采用、修改或放弃。）");
        }

        if (!plan.HasChanges)
        {
            await output.WriteLineAsync("  与数据库中的清单完全一致，没有任何改动。");
        }

        return 0;
    }

    public static async Task<int> LedgerAsync(IServiceProvider sp, string file, bool dryRun, TextWriter output, TextWriter error)
    {
        await sp.GetRequiredService<DatabaseInitialiser>().InitialiseAsync();
        LedgerPlan plan;
        try
        {
            await using var stream = File.OpenRead(file);
            plan = await sp.GetRequiredService<LedgerImport>().ImportAsync(LedgerImporter.Read(stream), dryRun);
        }
        catch (ImportRefusedException ex)
        {
            await error.WriteLineAsync($"未导入：{ex.Message}");
            return 1;
        }

        await output.WriteLineAsync($"{(dryRun ? "试导入（未写入）" : "已导入")}整改台账 → 《{plan.ListTitle}》：{plan.Rows} 个问题行，{plan.ProblemsChanged} 个问题有改动。");
        foreach (var change in plan.Changes)
        {
            await output.WriteLineAsync($"  修改：{change}");
        }

        foreach (var warning in plan.Warnings)
        {
            await output.WriteLineAsync($"  提示：{warning}");
        }

        if (!plan.HasChanges)
        {
            await output.WriteLineAsync("  与系统中的整改措施、整改时限和责任单位完全一致，没有任何改动。");
        }

        return 0;
    }
}
