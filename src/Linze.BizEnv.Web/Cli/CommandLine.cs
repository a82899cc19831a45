using Linze.BizEnv.Web.Data;
using Linze.BizEnv.Web.Data.Seeding;
using Linze.BizEnv.Web.Excel;

namespace Linze.BizEnv.Web.Cli;

/// <summary>
/// Command-line verbs run by the same executable as the portal:
/// <c>dotnet run --project src/Linze.BizEnv.Web -- &lt;verb&gt;</c>. Each runs against the configured database.
/// </summary>
public static class CommandLine
{
    public const string Usage = """
        用法：Linze.BizEnv.Web <命令> [参数]
          migrate                          升级数据库结构（空库时载入默认清单）
          export original <文件.xlsx>       按原清单格式导出当前清单
        不带命令运行时启动门户网站。
        """;

    /// <summary>True when the first argument is a verb rather than a host option such as <c>--urls</c>.</summary>
    public static bool IsVerb(string[] args) => args.Length > 0 && !args[0].StartsWith('-');

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error)
    {
        await using var scope = services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        try
        {
            switch (args)
            {
                case ["migrate"]:
                    var initialiser = sp.GetRequiredService<DatabaseInitialiser>();
                    var applied = await initialiser.MigrateAsync();
                    var seeded = await initialiser.SeedAsync();
                    await sp.GetRequiredService<Linze.BizEnv.Web.Accounts.AccountBootstrapper>().EnsureAsync();
                    await output.WriteLineAsync(applied.Count == 0 ? "数据库已是最新结构。" : $"已应用 {applied.Count} 个迁移：{string.Join("、", applied)}");
                    if (seeded)
                    {
                        await output.WriteLineAsync("已载入默认清单。");
                    }

                    return 0;
                case ["export", "original", var file]:
                    return await ExportOriginalAsync(sp, file, output, error);
                case ["help" or "--help" or "-h"]:
                    await output.WriteLineAsync(Usage);
                    return 0;
                default:
                    await error.WriteLineAsync($"无法识别的命令：{string.Join(' ', args)}");
                    await error.WriteLineAsync(Usage);
                    return 2;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or InvalidDataException)
        {
            await error.WriteLineAsync($"命令执行失败：{ex.Message}");
            return 1;
        }
    }

    private static async Task<int> ExportOriginalAsync(IServiceProvider sp, string file, TextWriter output, TextWriter error)
    {
        await sp.GetRequiredService<DatabaseInitialiser>().InitialiseAsync();
        var store = sp.GetRequiredService<ListStore>();
        var listId = await store.FindActiveListIdAsync();
        var list = listId is null ? null : await store.ReadAsync(listId.Value);
        if (list is null)
        {
            await error.WriteLineAsync("数据库中没有可导出的清单。");
            return 1;
        }

        var path = Path.GetFullPath(file);
        var temp = path + ".tmp";
        // Write to a temporary file first so a failed export never leaves a half-written workbook behind.
        await using (var stream = File.Create(temp))
        {
            OriginalListExporter.Write(list, stream);
        }

        File.Move(temp, path, overwrite: true);
        await output.WriteLineAsync($"已导出《{list.Title}》（{list.Indicators.Count} 项指标）到 {path}");
        return 0;
    }
}
