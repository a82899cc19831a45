using Linze.BizEnv.Web.Accounts;
using Linze.BizEnv.Web.Authorization;
using Linze.BizEnv.Web.Data;
using Linze.BizEnv.Web.Data.Seeding;
using Linze.BizEnv.Web.Excel;
using Microsoft.EntityFrameworkCore;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Features.Imports;

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
          import <文件.xlsx> [--dry-run] [--rename 新名=原名] [--merge 新名=原名]
                                            导入清单（同名清单就地更新）；--dry-run 只显示将做的改动；
                                            文件中与已有单位相似的名称默认作为新单位，--rename/--merge 改为改名或并入
          import ledger <文件.xlsx> [--dry-run]
                                           导入填好的整改台账（整改措施、整改时限、责任单位，按问题编号对应）；
                                           --dry-run 只显示将做的改动
          export original <文件.xlsx>       按原清单格式导出当前清单
          export ledger <文件.xlsx> [--unit <单位名称>]
                                           导出整改台账（指定单位时为该单位的报告，含进展明细）
          user add <用户名> --role <角色> [--unit <单位名称>] [--leader <领导姓名>] [--name <姓名>]
                                           新建账号并显示一次性密码（角色：Admin、Leader、Unit、Viewer）
          demo-data --scale <n> [--password <密码>]
                                           生成城市规模的演示数据（n 份清单，每份 18 项指标、约 144 个问题）；
                                           演示账号 demo-admin-001 等共用一个密码，未给出时随机生成并显示
          backup <文件.zip>                  备份：数据库快照（运行中也可）、佐证材料、密钥和校验清单（SQLite）
          restore <文件.zip>                 从备份恢复到不存在或空的数据库（先校验整个备份）
          user reset <用户名>               重置密码并显示一次性密码
          user list                        列出全部账号
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
                // Before the list import: "import ledger x.xlsx" is the ledger, never a list file named "ledger".
                case ["import", "ledger", var file, .. var flags] when !file.StartsWith('-') && flags is [] or ["--dry-run"]:
                    return await ImportLedgerAsync(sp, file, flags is ["--dry-run"], output, error);
                case ["import", "ledger", ..]:
                    await error.WriteLineAsync("用法：import ledger <文件.xlsx> [--dry-run]");
                    return 2;
                case ["import", var file, .. var flags] when !file.StartsWith('-') && ImportFlags.Parse(flags) is { } importFlags:
                    return await ImportAsync(sp, file, importFlags, output, error);
                case ["export", "original", var file]:
                    return await ExportOriginalAsync(sp, file, output, error);
                case ["export", "ledger", var file, .. var options] when options is [] or ["--unit", _]:
                    return await ExportLedgerAsync(sp, file, options is ["--unit", var unit] ? unit : null, output, error);
                case ["backup", var file]:
                    return await BackupAsync(sp, file, output, error);
                case ["restore", var file]:
                    return await RestoreAsync(sp, file, output, error);
                case ["demo-data", .. var options]:
                    return await DemoDataAsync(sp, options, output, error);
                case ["user", "add", var userName, .. var options]:
                    return await AddUserAsync(sp, userName, options, output, error);
                case ["user", "reset", var userName]:
                    return await ResetUserAsync(sp, userName, output, error);
                case ["user", "list"]:
                    return await ListUsersAsync(sp, output);
                case ["help" or "--help" or "-h"]:
                    await output.WriteLineAsync(Usage);
                    return 0;
                default:
                    await error.WriteLineAsync($"无法识别的命令：{string.Join(' ', args)}");
                    await error.WriteLineAsync(Usage);
                    return 2;
            }
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            var file = (ex as FileNotFoundException)?.FileName;
            await error.WriteLineAsync($"命令执行失败：找不到文件{(file is null ? "或其所在的文件夹" : " " + file)}，请检查路径（dotnet run 时相对路径从 src/Linze.BizEnv.Web 算起，最好写绝对路径）。");
            return 1;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or InvalidDataException)
        {
            await error.WriteLineAsync($"命令执行失败：{ex.Message}");
            return 1;
        }
        catch (Exception ex) when (ex is DbUpdateException or System.Data.Common.DbException)
        {
            // The database's own words are English; say in Chinese what happened and that nothing was kept.
            await error.WriteLineAsync($"命令执行失败：数据库拒绝了写入，未保存任何更改。（数据库的说明：{(ex.InnerException ?? ex).Message}）");
            return 1;
        }
    }

    /// <summary><c>--dry-run</c>, and per look-alike unit <c>--rename 新名=原名</c> or <c>--merge 新名=原名</c> (the preview's choices).</summary>
    private sealed record ImportFlags(bool DryRun, IReadOnlyList<(string Name, UnitChoice Choice, string Existing)> Units)
    {
        public static ImportFlags? Parse(string[] flags)
        {
            var dryRun = false;
            var units = new List<(string, UnitChoice, string)>();
            for (var i = 0; i < flags.Length; i++)
            {
                switch (flags[i])
                {
                    case "--dry-run":
                        dryRun = true;
                        break;
                    case "--rename" or "--merge" when i + 1 < flags.Length && flags[i + 1].Split('=') is [{ Length: > 0 } name, { Length: > 0 } existing]:
                        units.Add((name.Trim(), flags[i] == "--rename" ? UnitChoice.Rename : UnitChoice.Merge, existing.Trim()));
                        i++;
                        break;
                    default:
                        return null;
                }
            }

            return new ImportFlags(dryRun, units);
        }
    }

    private static async Task<int> ImportAsync(IServiceProvider sp, string file, ImportFlags flags, TextWriter output, TextWriter error)
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

            var choices = new ImportChoices([], [.. flags.Units.Select(u => new UnitChoiceMade(u.Name, u.Choice, ids[u.Existing]))]);
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

        if (!plan.HasChanges)
        {
            await output.WriteLineAsync("  与数据库中的清单完全一致，没有任何改动。");
        }

        return 0;
    }

    private static async Task<int> ImportLedgerAsync(IServiceProvider sp, string file, bool dryRun, TextWriter output, TextWriter error)
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

    private static async Task<int> AddUserAsync(IServiceProvider sp, string userName, string[] options, TextWriter output, TextWriter error)
    {
        var parsed = ParseOptions(options, "--role", "--unit", "--name", "--leader");
        if (parsed is null || !parsed.TryGetValue("--role", out var roleText))
        {
            await error.WriteLineAsync("用法：user add <用户名> --role <Admin|Leader|Unit|Viewer> [--unit <单位名称>] [--leader <领导姓名>] [--name <姓名>]");
            return 2;
        }

        if (Roles.Parse(roleText) is not { } role)
        {
            await error.WriteLineAsync($"无效的角色：{roleText}。可选：{string.Join("、", Roles.All)}。");
            return 2;
        }

        await sp.GetRequiredService<DatabaseInitialiser>().InitialiseAsync();
        var db = sp.GetRequiredService<BizEnvDbContext>();
        var unit = await LookUpAsync(parsed, "--unit", name => db.Units.Where(u => u.Name == name).Select(u => (int?)u.Id), "单位");
        var leader = await LookUpAsync(parsed, "--leader", name => db.Leaders.Where(l => l.Name == name).Select(l => (int?)l.Id), "责任领导");
        if ((unit.Missing ?? leader.Missing) is { } missing)
        {
            await error.WriteLineAsync(missing);
            return 1;
        }

        var result = await sp.GetRequiredService<AccountService>().CreateAsync(
            userName, parsed.GetValueOrDefault("--name"), role, unit.Id, leaderId: leader.Id);
        if (!result.Succeeded)
        {
            await error.WriteLineAsync($"创建账号失败：{string.Join("；", result.Errors)}");
            return 1;
        }

        await output.WriteLineAsync($"已创建账号 {result.Value!.User.UserName}（{Roles.ToChinese(role)}{(result.Value.UnitName is null ? "" : "，" + result.Value.UnitName)}）");
        await output.WriteLineAsync($"一次性密码：{result.Value.OneTimePassword}");
        await output.WriteLineAsync("首次登录后须修改密码。此密码只显示这一次。");
        return 0;
    }

    private static async Task<int> ResetUserAsync(IServiceProvider sp, string userName, TextWriter output, TextWriter error)
    {
        await sp.GetRequiredService<DatabaseInitialiser>().InitialiseAsync();
        var user = await sp.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Domain.AppUser>>().FindByNameAsync(userName);
        if (user is null)
        {
            await error.WriteLineAsync($"找不到账号：{userName}");
            return 1;
        }

        var result = await sp.GetRequiredService<AccountService>().ResetPasswordAsync(user.Id);
        if (!result.Succeeded)
        {
            await error.WriteLineAsync($"重置密码失败：{string.Join("；", result.Errors)}");
            return 1;
        }

        await output.WriteLineAsync($"已重置 {userName} 的密码，并解除锁定。");
        await output.WriteLineAsync($"一次性密码：{result.Value}");
        await output.WriteLineAsync("首次登录后须修改密码。此密码只显示这一次。");
        return 0;
    }

    private static async Task<int> ListUsersAsync(IServiceProvider sp, TextWriter output)
    {
        await sp.GetRequiredService<DatabaseInitialiser>().InitialiseAsync();
        var accounts = sp.GetRequiredService<AccountService>();
        var page = 1;
        var (rows, total) = await accounts.ListAsync(null, page);
        await output.WriteLineAsync($"共 {total} 个账号：");
        while (rows.Count > 0)
        {
            foreach (var row in rows)
            {
                var state = row.IsDisabled ? "已停用" : row.IsLockedOut ? "已锁定" : "正常";
                await output.WriteLineAsync($"{row.UserName}\t{Roles.ToChinese(row.Role)}\t{row.UnitName ?? "-"}\t{state}{(row.MustChangePassword ? "\t待改密码" : "")}");
            }

            (rows, _) = await accounts.ListAsync(null, ++page);
        }

        return 0;
    }

    private static Task<int> BackupAsync(IServiceProvider sp, string file, TextWriter output, TextWriter error) =>
        WithSqliteFileAsync(sp, error, "SQL Server 的数据库请用 SQL Server 自己的备份（BACKUP DATABASE），再备份佐证材料和密钥文件夹，见 README“备份与恢复”。", async database =>
        {
            var archive = Path.GetFullPath(file);
            var manifest = await Data.Backup.BackupArchive.CreateAsync(
                database, sp.GetRequiredService<Data.Backup.BackupFolders>().Evidence, sp.GetRequiredService<Data.Backup.BackupFolders>().Keys, archive, TimeProvider.System);
            await output.WriteLineAsync($"已备份到 {archive}：数据库结构 {manifest.Schema}，共 {manifest.Files.Count} 个文件（含佐证材料 {manifest.Files.Count(f => f.Path.StartsWith("evidence/", StringComparison.Ordinal))} 个）。");
            if (manifest.MissingEvidence.Count > 0)
            {
                await error.WriteLineAsync($"注意：数据库记录的 {manifest.MissingEvidence.Count} 个佐证材料文件在服务器上找不到，未能备份：{string.Join("、", manifest.MissingEvidence.Take(5))}{(manifest.MissingEvidence.Count > 5 ? " 等" : "")}");
            }

            return 0;
        });

    private static Task<int> RestoreAsync(IServiceProvider sp, string file, TextWriter output, TextWriter error) =>
        WithSqliteFileAsync(sp, error, "SQL Server 的数据库请用 SQL Server 自己的还原（RESTORE DATABASE），见 README“备份与恢复”。", async database =>
        {
            var manifest = await Data.Backup.BackupArchive.RestoreAsync(
                Path.GetFullPath(file), database, sp.GetRequiredService<Data.Backup.BackupFolders>().Evidence,
                sp.GetRequiredService<Data.Backup.BackupFolders>().Keys, [.. sp.GetRequiredService<BizEnvDbContext>().Database.GetMigrations()]);
            await output.WriteLineAsync($"已从 {Path.GetFullPath(file)} 恢复到 {Path.GetFullPath(database)}：备份于 {Domain.ChinaTime.Format(manifest.CreatedAtUtc)}，数据库结构 {manifest.Schema}，{manifest.Files.Count} 个文件。下次启动门户时将自动升级到本版本的数据库结构。");
            return 0;
        });

    /// <summary>Runs a backup verb on the SQLite database file; SQL Server is backed up by SQL Server (the advice says how).</summary>
    private static async Task<int> WithSqliteFileAsync(IServiceProvider sp, TextWriter error, string sqlServerAdvice, Func<string, Task<int>> work)
    {
        var db = sp.GetRequiredService<BizEnvDbContext>();
        if (!db.Database.IsSqlite())
        {
            await error.WriteLineAsync(sqlServerAdvice);
            return 2;
        }

        try
        {
            return await work(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource);
        }
        catch (Data.Backup.BackupRefusedException ex)
        {
            await error.WriteLineAsync(ex.Message);
            return 1;
        }
    }

    /// <summary>Reads <c>--key value</c> pairs; null when an option is unknown or has no value.</summary>
    private static async Task<int> DemoDataAsync(IServiceProvider sp, string[] options, TextWriter output, TextWriter error)
    {
        var parsed = ParseOptions(options, "--scale", "--password");
        if (parsed is null || !int.TryParse(parsed.GetValueOrDefault("--scale"), System.Globalization.CultureInfo.InvariantCulture, out var scale))
        {
            await error.WriteLineAsync("用法：demo-data --scale <n> [--password <密码>]");
            return 2;
        }

        var password = parsed.GetValueOrDefault("--password") ?? PasswordGenerator.Create();
        if (PasswordPolicy.Check(password, "demo-admin-001") is { Succeeded: false } refused)
        {
            await error.WriteLineAsync($"演示账号密码不符合密码规则：{string.Join("；", refused.Errors.Select(e => e.Description))}");
            return 2;
        }

        await sp.GetRequiredService<DatabaseInitialiser>().InitialiseAsync();
        var started = System.Diagnostics.Stopwatch.StartNew();
        var summary = await sp.GetRequiredService<DemoData>().GenerateAsync(
            scale, password, new LineProgress(output));
        await output.WriteLineAsync(
            $"已生成演示数据（{started.Elapsed.TotalSeconds:F0} 秒）：{summary.Lists} 份清单、{summary.Indicators} 项指标、{summary.Problems} 个问题、" +
            $"{summary.ProgressEntries} 条进展、{summary.Units} 个单位、{summary.Leaders} 位领导、{summary.Users} 个账号。");
        await output.WriteLineAsync($"演示账号（demo-admin-001、demo-leader-001、demo-unit-001、demo-viewer-001 等）的密码：{summary.Password}");
        return 0;
    }

    /// <summary>The id named by an option, or a message saying it was not found; neither when the option is absent.</summary>
    private static async Task<(int? Id, string? Missing)> LookUpAsync(
        Dictionary<string, string> options, string option, Func<string, IQueryable<int?>> find, string what)
    {
        if (!options.TryGetValue(option, out var name))
        {
            return (null, null);
        }

        var id = await find(name).SingleOrDefaultAsync();
        return id is null ? (null, $"找不到{what}：{name}") : (id, null);
    }

    private static Dictionary<string, string>? ParseOptions(string[] options, params string[] known)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Length; i += 2)
        {
            if (!known.Contains(options[i]) || i + 1 >= options.Length)
            {
                return null;
            }

            values[options[i]] = options[i + 1];
        }

        return values;
    }

    private static async Task<int> ExportLedgerAsync(IServiceProvider sp, string file, string? unit, TextWriter output, TextWriter error)
    {
        await sp.GetRequiredService<DatabaseInitialiser>().InitialiseAsync();
        var listId = await sp.GetRequiredService<ListStore>().FindActiveListIdAsync();
        if (listId is null)
        {
            await error.WriteLineAsync("数据库中没有可导出的清单。");
            return 1;
        }

        if (unit is not null && !await sp.GetRequiredService<BizEnvDbContext>().Units.AnyAsync(u => u.Name == unit))
        {
            await error.WriteLineAsync($"找不到单位：{unit}");
            return 1;
        }

        var report = (await sp.GetRequiredService<Reports.LedgerQuery>().BuildAsync(listId.Value, new Reports.LedgerFilter(Unit: unit, WithEntries: unit is not null)))!;
        var path = await WriteAtomicallyAsync(file, stream => LedgerExporter.Write(report, stream));
        await output.WriteLineAsync($"已导出整改台账（{report.Rows.Count} 行{(unit is null ? "" : "，" + unit)}）到 {path}");
        return 0;
    }

    /// <summary>Writes to a temporary file first so a failed export never leaves a half-written workbook behind.</summary>
    private static async Task<string> WriteAtomicallyAsync(string file, Action<Stream> write)
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

        var path = await WriteAtomicallyAsync(file, stream => OriginalListExporter.Write(list, stream));
        await output.WriteLineAsync($"已导出《{list.Title}》（{list.Indicators.Count} 项指标）到 {path}");
        return 0;
    }

    /// <summary>Prints progress lines as they come (Progress&lt;T&gt; would post them to the thread pool, out of order).</summary>
    private sealed class LineProgress(TextWriter output) : IProgress<string>
    {
        public void Report(string value) => output.WriteLine(value);
    }
}
