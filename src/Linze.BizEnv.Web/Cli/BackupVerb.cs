using Linze.BizEnv.Web.Data;
using Linze.BizEnv.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.Web.Cli;

/// <summary><c>backup &lt;file.zip&gt;</c> and <c>restore &lt;file.zip&gt;</c> of the SQLite database, evidence and keys.</summary>
internal static class BackupVerb
{
    public static Task<int> BackupAsync(IServiceProvider sp, string file, TextWriter output, TextWriter error) =>
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

    public static Task<int> RestoreAsync(IServiceProvider sp, string file, TextWriter output, TextWriter error) =>
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
}
