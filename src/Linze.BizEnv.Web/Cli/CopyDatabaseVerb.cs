using Linze.BizEnv.Web.Configuration;
using Linze.BizEnv.Web.Data;
using Linze.BizEnv.Web.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.Web.Cli;

/// <summary>
/// <c>copy-database --to-provider &lt;provider&gt; --to-connection "&lt;connection string&gt;" [--to-evidence &lt;folder&gt;]</c>:
/// copies everything from the configured database into an empty one, and the evidence files (ADR-0021).
/// </summary>
internal static class CopyDatabaseVerb
{
    public const string Usage = "用法：copy-database --to-provider <Sqlite|SqlServer|PostgreSQL> --to-connection \"<连接字符串>\" [--to-evidence <佐证材料文件夹>]";

    public static async Task<int> RunAsync(IServiceProvider sp, string[] options, TextWriter output, TextWriter error)
    {
        var values = CommandLine.ParseOptions(options, "--to-provider", "--to-connection", "--to-evidence");
        if (values is null || !values.TryGetValue("--to-provider", out var providerName) || !values.TryGetValue("--to-connection", out var connection))
        {
            await error.WriteLineAsync(Usage);
            return 2;
        }

        // By name only: Enum.TryParse would take "2" or "Sqlite,SqlServer" as well.
        if (Enum.GetNames<DatabaseProvider>().FirstOrDefault(n => string.Equals(n, providerName, StringComparison.OrdinalIgnoreCase)) is not { } name)
        {
            await error.WriteLineAsync($"不支持的数据库类型：{providerName}。--to-provider 可选 Sqlite、SqlServer 或 PostgreSQL。");
            return 2;
        }

        var provider = Enum.Parse<DatabaseProvider>(name);

        var source = sp.GetRequiredService<BizEnvDbContext>();
        if (source.Database.IsSqlite() && new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(source.Database.GetConnectionString()).DataSource is var file
            && !File.Exists(file))
        {
            await error.WriteLineAsync($"源数据库不存在：{Path.GetFullPath(file)}。请检查 ConnectionStrings:BizEnv 是否指向门户正在使用的数据库文件。");
            return 1;
        }

        if (OpenTarget(sp, provider, connection) is not { } target)
        {
            await error.WriteLineAsync("目标连接字符串无效：请按 README“Moving to another database”中的示例填写 --to-connection（如 SQLite 写 \"Data Source=/srv/bizenv/bizenv.db\"）。");
            return 2;
        }

        await using var _ = target;
        var sourceEvidence = sp.GetRequiredService<EvidenceStore>().Root;
        var targetEvidence = values.TryGetValue("--to-evidence", out var folder) ? Path.GetFullPath(folder) : sourceEvidence;
        if (!CanWrite(targetEvidence))
        {
            // Before any row is copied: a read-only or misnamed folder was found only after the whole copy.
            await error.WriteLineAsync($"佐证材料文件夹 {targetEvidence} 无法创建或写入，未复制任何内容。请用 --to-evidence 指定运行本命令的账号可写的文件夹。");
            return 1;
        }

        await output.WriteLineAsync($"正在把当前数据库复制到 {provider} 数据库（每批 {DatabaseCopy.BatchSize} 行）……");
        CopyReport report;
        try
        {
            report = await new DatabaseCopy(source, sourceEvidence, target, targetEvidence, output).RunAsync();
        }
        catch (CopyRefusedException ex)
        {
            await error.WriteLineAsync(ex.Message);
            return 1;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await error.WriteLineAsync($"复制中断：{(ex.InnerException ?? ex).Message}");
            await error.WriteLineAsync("已写入目标数据库的数据已全部撤销（整个复制在一个事务中），目标库中至多只有数据结构、没有数据。排除原因后可直接重新运行本命令；如目标数据库状态存疑，请删除后重新建一个空库再复制。");
            return 1;
        }

        await WriteReportAsync(report, targetEvidence, output, error);
        return report.AllEqual ? 0 : 1;
    }

    private static bool CanWrite(string folder)
    {
        try
        {
            Directory.CreateDirectory(folder);
            var probe = Path.Combine(folder, $".copy-probe-{Guid.NewGuid():N}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The target's context, or null when its connection string cannot be read (the provider parses it on first use).</summary>
    private static BizEnvDbContext? OpenTarget(IServiceProvider sp, DatabaseProvider provider, string connection)
    {
        try
        {
            if (provider == DatabaseProvider.Sqlite)
            {
                connection = PersistenceExtensions.ResolveSqliteConnectionString(connection, sp.GetRequiredService<IWebHostEnvironment>().ContentRootPath);
            }

            var target = DatabaseCopy.OpenBare(provider, connection);
            _ = target.Database.GetDbConnection().ConnectionString;
            return target;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static async Task WriteReportAsync(CopyReport report, string targetEvidence, TextWriter output, TextWriter error)
    {
        await output.WriteLineAsync("核对结果（源库行数 / 目标库行数）：");
        var width = report.Tables.Max(t => t.Table.Length);
        foreach (var (table, source, copied) in report.Tables)
        {
            await output.WriteLineAsync($"  {table.PadRight(width)}  {source,8}  {copied,8}  {(source == copied ? "一致" : "不一致")}");
        }

        await output.WriteLineAsync($"佐证材料：核对 {report.EvidenceChecked} 个文件（{Path.GetFullPath(targetEvidence)}），{report.EvidenceChecked - report.EvidenceNotEqual.Count} 个与源文件的 SHA-256 一致。");
        if (report.EvidenceMissingAtSource.Count > 0)
        {
            await error.WriteLineAsync($"注意：数据库记录的 {report.EvidenceMissingAtSource.Count} 个佐证材料文件在源文件夹中就找不到，未能复制：{string.Join("、", report.EvidenceMissingAtSource.Take(5))}{(report.EvidenceMissingAtSource.Count > 5 ? " 等" : "")}");
        }

        if (report.EvidenceNotEqual.Count > 0)
        {
            await error.WriteLineAsync($"错误：{report.EvidenceNotEqual.Count} 个佐证材料文件在目标文件夹中缺失或内容不符：{string.Join("、", report.EvidenceNotEqual.Take(5))}{(report.EvidenceNotEqual.Count > 5 ? " 等" : "")}");
        }

        await (report.AllEqual ? output : error).WriteLineAsync(report.AllEqual
            ? "复制完成，全部一致。把门户的 Database:Provider 和 ConnectionStrings:BizEnv（以及 Evidence:Path）改为目标库后重新启动即可。"
            : "复制后核对不一致：请勿启用目标库。删除目标数据库、重新建一个空库后再复制；如仍不一致，请联系技术支持。");
    }
}
