using Linze.BizEnv.Web.Data;
using Linze.BizEnv.Web.Data.Seeding;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Excel;
using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.Web.Cli;

/// <summary><c>export original|ledger &lt;file&gt;</c>: the list in its own layout, the 整改台账 or a unit's report.</summary>
internal static class ExportVerb
{
    public static async Task<int> OriginalAsync(IServiceProvider sp, string file, TextWriter output, TextWriter error)
    {
        var listId = await WorkingListAsync(sp, error);
        var list = listId is null ? null : await sp.GetRequiredService<ListStore>().ReadAsync(listId.Value);
        if (list is null)
        {
            return 1;
        }

        var path = await WriteAtomicallyAsync(file, stream => OriginalListExporter.Write(list, stream));
        await output.WriteLineAsync($"已导出《{list.Title}》（{list.Indicators.Count} 项指标）到 {path}");
        return 0;
    }

    public static async Task<int> LedgerAsync(IServiceProvider sp, string file, string? unit, TextWriter output, TextWriter error)
    {
        var listId = await WorkingListAsync(sp, error);
        if (listId is null)
        {
            return 1;
        }

        if (unit is not null && !await sp.GetRequiredService<BizEnvDbContext>().Units.AnyAsync(u => u.Name == unit))
        {
            await error.WriteLineAsync($"找不到单位：{unit}");
            return 1;
        }

        var report = (await sp.GetRequiredService<Features.Reports.LedgerQuery>().BuildAsync(listId.Value, new Features.Reports.LedgerFilter(Unit: unit, WithEntries: unit is not null)))!;
        var path = await WriteAtomicallyAsync(file, stream => LedgerExporter.Write(report, stream));
        await output.WriteLineAsync($"已导出整改台账（{report.Rows.Count} 行{(unit is null ? "" : "，" + unit)}）到 {path}");
        return 0;
    }

    /// <summary><c>export benchmarks &lt;file&gt;</c>: the 对标差距 sheet alone, one row per 对标指标项 of the working list.</summary>
    public static async Task<int> BenchmarksAsync(IServiceProvider sp, string file, TextWriter output, TextWriter error)
    {
        var listId = await WorkingListAsync(sp, error);
        if (listId is null)
        {
            return 1;
        }

        var list = await sp.GetRequiredService<BizEnvDbContext>().Lists.AsNoTracking()
            .Where(l => l.Id == listId).Select(l => new { l.Title, l.IssuingOffice }).SingleAsync();

        var today = ChinaTime.Today(sp.GetRequiredService<TimeProvider>());
        var rows = await sp.GetRequiredService<Features.Reports.LedgerQuery>().BenchmarksAsync(listId.Value, new Features.Reports.LedgerFilter(), today);
        if (rows.Count == 0)
        {
            await error.WriteLineAsync($"《{list.Title}》没有对标指标项，未导出。");
            return 1;
        }

        var report = new LedgerReport(list.Title, list.IssuingOffice, today, null, [], [], rows);
        var path = await WriteAtomicallyAsync(file, stream => LedgerExporter.WriteBenchmarksOnly(report, stream));
        await output.WriteLineAsync($"已导出对标差距（{rows.Count} 个指标项，已填报 {rows.Count(r => r.Assessment.Value is not null)} 个）到 {path}");
        return 0;
    }

    /// <summary>Migrates and seeds, then the working list's id; null, saying so on <paramref name="error"/>, when there is none.</summary>
    private static async Task<int?> WorkingListAsync(IServiceProvider sp, TextWriter error)
    {
        await sp.GetRequiredService<DatabaseInitialiser>().InitialiseAsync();
        var listId = await sp.GetRequiredService<ListStore>().FindActiveListIdAsync();
        if (listId is null)
        {
            await error.WriteLineAsync("数据库中没有可导出的清单。");
        }

        return listId;
    }

    /// <summary>Writes to a temporary file first so a failed export never leaves a half-written workbook behind.</summary>
    internal static async Task<string> WriteAtomicallyAsync(string file, Action<Stream> write)
    {
        var path = Path.GetFullPath(file);
        var temp = path + ".tmp";
        await using (var stream = File.Create(temp))
        {
            write(stream);
        }

        File.Move(temp, path, overwrite: true);
        return path;
    }
}
