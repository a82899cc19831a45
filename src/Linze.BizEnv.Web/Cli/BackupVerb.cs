using Linze.BizEnv.Web.Data;
using Linze.BizEnv.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Linze.BizEnv.Web.Cli;

/// <summary><c>backup &lt;file.zip&gt;</c> and <c>restore &lt;file.zip&gt;</c> of the SQLite database, evidence and keys.</summary>
internal static class BackupVerb
{
    public static Task<int> BackupAsync(IServiceProvider sp, string file, TextWriter output, TextWriter error) =>
        WithSqliteFileAsync(sp, error, Data.Backup.ServerBackupAdvice.ForBackup, async database =>
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
        WithSqliteFileAsync(sp, error, Data.Backup.ServerBackupAdvice.ForRestore, async database =>
        {
            var manifest = await Data.Backup.BackupArchive.RestoreAsync(
                Path.GetFullPath(file), database, sp.GetRequiredService<Data.Backup.BackupFolders>().Evidence,
                sp.GetRequiredService<Data.Backup.BackupFolders>().Keys, [.. sp.GetRequiredService<BizEnvDbContext>().Database.GetMigrations()]);
            await output.WriteLineAsync($"已从 {Path.GetFullPath(file)} 恢复到 {Path.GetFullPath(database)}：备份于 {Domain.ChinaTime.Format(manifest.CreatedAtUtc)}，数据库结构 {manifest.Schema}，{manifest.Files.Count} 个文件。下次启动门户时将自动升级到本版本的数据库结构。");
            return 0;
        });

    /// <summary>Runs a backup verb on the SQLite database file; a server database is backed up by the server (the advice says how).</summary>
    private static async Task<int> WithSqliteFileAsync(IServiceProvider sp, TextWriter error, Func<DatabaseFacade, string?> serverAdvice, Func<string, Task<int>> work)
    {
        var db = sp.GetRequiredService<BizEnvDbContext>();
        if (serverAdvice(db.Database) is { } advice)
        {
            await error.WriteLineAsync(advice);
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
