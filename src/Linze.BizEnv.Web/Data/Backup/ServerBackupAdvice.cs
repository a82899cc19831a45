using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Linze.BizEnv.Web.Data.Backup;

/// <summary>
/// The portal's archives copy a SQLite file; a server database is backed up with the server's own tools. What the
/// backup verbs and the daily schedule say instead, per provider (README "Backup and restore").
/// </summary>
public static class ServerBackupAdvice
{
    /// <summary>Why the portal does not back up this database itself and what to use; null on SQLite.</summary>
    public static string? ForBackup(DatabaseFacade database) =>
        database.IsSqlite() ? null
        : database.IsNpgsql() ? "PostgreSQL 的数据库请用 pg_dump 备份（例如 pg_dump -Fc -f bizenv.dump 数据库名，可由 cron 每日执行），再备份佐证材料和密钥文件夹，见 README“备份与恢复”。"
        : "SQL Server 的数据库请用 SQL Server 自己的备份（BACKUP DATABASE），再备份佐证材料和密钥文件夹，见 README“备份与恢复”。";

    /// <summary>How to restore this database instead; null on SQLite.</summary>
    public static string? ForRestore(DatabaseFacade database) =>
        database.IsSqlite() ? null
        : database.IsNpgsql() ? "PostgreSQL 的数据库请用 pg_restore 还原（例如 pg_restore -d 数据库名 bizenv.dump），见 README“备份与恢复”。"
        : "SQL Server 的数据库请用 SQL Server 自己的还原（RESTORE DATABASE），见 README“备份与恢复”。";
}
