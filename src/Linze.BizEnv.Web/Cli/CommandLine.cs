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
          import <文件.xlsx> [--dry-run] [--rename 新名=原名] [--merge 新名=原名] [--accept-metrics]
                                            导入清单（同名清单就地更新）；--dry-run 只显示将做的改动；
                                            文件中与已有单位相似的名称默认作为新单位，--rename/--merge 改为改名或并入；
                                            --accept-metrics 按建议保存从“全省最佳表现”中找出的对标指标项（默认只列出不保存）
          import ledger <文件.xlsx> [--dry-run]
                                           导入填好的整改台账（整改措施、整改时限、责任单位，按问题编号对应）；
                                           --dry-run 只显示将做的改动
          export original <文件.xlsx>       按原清单格式导出当前清单
          export benchmarks <文件.xlsx>     导出对标差距表（每个对标指标项一行）
          export ledger <文件.xlsx> [--unit <单位名称>]
                                           导出整改台账（指定单位时为该单位的报告，含进展明细）
          user add <用户名> --role <角色> [--unit <单位名称>] [--leader <领导姓名>] [--name <姓名>]
                                           新建账号并显示一次性密码（角色：Admin、Leader、Unit、Viewer）
          demo-data --scale <n> [--password <密码>]
                                           生成城市规模的演示数据（n 份清单，每份 18 项指标、约 144 个问题）；
                                           演示账号 demo-admin-001 等共用一个密码，未给出时随机生成并显示
          report notice --problem <指标序号-问题序号> <文件.docx> [--reply-by yyyy-MM-dd] [--pdf]
                                           印发督办通知单（占用下一个发文字号，记入问题记录并通知责任单位）
          report monthly <文件.docx> [--month yyyy-MM] [--pdf]
                                           生成当月（或指定月份）的工作进展通报
          report leader <姓名> <文件.docx> [--pdf]
                                           生成责任领导的一页简报；--pdf 同时生成 PDF（需安装 LibreOffice）
          backup <文件.zip>                  备份：数据库快照（运行中也可）、佐证材料、密钥和校验清单（SQLite）
          restore <文件.zip>                 从备份恢复到不存在或空的数据库（先校验整个备份）
          copy-database --to-provider <Sqlite|SqlServer|PostgreSQL> --to-connection "<连接字符串>" [--to-evidence <文件夹>]
                                           把当前数据库的全部内容（清单、历史、佐证材料、账号、审计记录）复制到一个空库，
                                           结束时逐表核对行数并校验佐证材料；目标库须为空库
          notify digest [--date yyyy-MM-dd] [--dry-run]
                                           立即生成并发送当天（或指定日期）的每日待办提醒；同一天已发送的不再发送；
                                           --dry-run 只显示谁将收到什么
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
                    return await MigrateVerb.RunAsync(sp, output);
                // Before the list import: "import ledger x.xlsx" is the ledger, never a list file named "ledger".
                case ["import", "ledger", var file, .. var flags] when !file.StartsWith('-') && flags is [] or ["--dry-run"]:
                    return await ImportVerb.LedgerAsync(sp, file, flags is ["--dry-run"], output, error);
                case ["import", "ledger", ..]:
                    await error.WriteLineAsync("用法：import ledger <文件.xlsx> [--dry-run]");
                    return 2;
                case ["import", var file, .. var flags] when !file.StartsWith('-') && ImportVerb.ImportFlags.Parse(flags) is { } importFlags:
                    return await ImportVerb.ListAsync(sp, file, importFlags, output, error);
                case ["export", "original", var file]:
                    return await ExportVerb.OriginalAsync(sp, file, output, error);
                case ["export", "benchmarks", var file]:
                    return await ExportVerb.BenchmarksAsync(sp, file, output, error);
                case ["export", "ledger", var file, .. var options] when options is [] or ["--unit", _]:
                    return await ExportVerb.LedgerAsync(sp, file, options is ["--unit", var unit] ? unit : null, output, error);
                case ["report", .. var reportArgs]:
                    return await ReportVerb.RunAsync(sp, reportArgs, output, error);
                case ["backup", var file]:
                    return await BackupVerb.BackupAsync(sp, file, output, error);
                case ["restore", var file]:
                    return await BackupVerb.RestoreAsync(sp, file, output, error);
                case ["copy-database", .. var options]:
                    return await CopyDatabaseVerb.RunAsync(sp, options, output, error);
                case ["demo-data", .. var options]:
                    return await DemoDataVerb.RunAsync(sp, options, output, error);
                case ["notify", "digest", .. var flags]:
                    return await NotifyVerb.DigestAsync(sp, flags, output, error);
                case ["notify", ..]:
                    await error.WriteLineAsync(NotifyVerb.Usage);
                    return 2;
                case ["user", "add", var userName, .. var options]:
                    return await UserVerb.AddAsync(sp, userName, options, output, error);
                case ["user", "reset", var userName]:
                    return await UserVerb.ResetAsync(sp, userName, output, error);
                case ["user", "list"]:
                    return await UserVerb.ListAsync(sp, output);
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

    /// <summary>Reads <c>--key value</c> pairs; null when an option is unknown or has no value, or a value stands alone.</summary>
    internal static Dictionary<string, string>? ParseOptions(string[] options, params string[] known) =>
        SplitOptions(options, known) is ({ } named, []) ? named : null;

    /// <summary>Named options and the positional arguments left; null when an option is unknown or lacks its value.</summary>
    internal static (Dictionary<string, string>?, string[]) SplitOptions(string[] args, params string[] known)
    {
        var named = new Dictionary<string, string>(StringComparer.Ordinal);
        var positional = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                if (!known.Contains(args[i]) || i + 1 >= args.Length)
                {
                    return (null, []);
                }

                named[args[i]] = args[++i];
            }
            else
            {
                positional.Add(args[i]);
            }
        }

        return (named, [.. positional]);
    }
}
