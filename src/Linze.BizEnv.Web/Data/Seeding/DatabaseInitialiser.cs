using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;

namespace Linze.BizEnv.Web.Data.Seeding;

/// <summary>Migrates the database and loads the default list into an empty one. Safe to run at every start.</summary>
public sealed class DatabaseInitialiser(
    BizEnvDbContext db,
    ListStore lists,
    IEnumerable<IAfterMigration> afterMigration,
    IOptions<SeedOptions> seedOptions,
    ILogger<DatabaseInitialiser> logger)
{
    /// <summary>How long a start waits for another process that is migrating the same database.</summary>
    public static readonly TimeSpan MigrationWait = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Applies pending migrations, and only when there are some: EF takes a lock row for the migration
    /// (<c>__EFMigrationsLock</c> on SQLite) that a process killed mid-migration leaves behind, and every later start
    /// would wait for it forever. On SQLite every migrator of this portal first holds an operating-system lock on a file
    /// beside the database (released by the system when a process dies), so a lock row found while holding it is stale
    /// and is cleared, with a log line; a start that waits for another migrating process says so.
    /// </summary>
    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken ct = default)
    {
        await using var started = await StartLock.AcquireAsync(db, logger, ct);
        return await MigrateHeldAsync(ct);
    }

    private async Task<IReadOnlyList<string>> MigrateHeldAsync(CancellationToken ct)
    {
        await PrepareNpgsqlHistoryAsync(ct);
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        var created = !(await db.Database.GetAppliedMigrationsAsync(ct)).Any();
        var file = db.Database.IsSqlite() ? SqliteFile() : null;
        if (pending.Count > 0 || (file is not null && File.Exists(file + PreMigrationSuffix)))
        {
            await using var migrating = file is null ? null : await HoldMigrationLockAsync(file, ct);
            if (migrating is not null)
            {
                await RollBackInterruptedMigrationAsync(file!);
                pending = [.. await db.Database.GetPendingMigrationsAsync(ct)];
                await ClearStaleSqliteLockAsync(ct);
                await SnapshotBeforeMigratingAsync(file!, ct);
            }

            await db.Database.MigrateAsync(ct);
            if (migrating is not null)
            {
                File.Delete(file + PreMigrationSuffix);
            }

            if (created)
            {
                logger.LogInformation("已创建数据库 {Database:l}（{Count} 个迁移）。Created the database with migrations {Migrations}", Shown(file), pending.Count, pending);
            }
            else
            {
                logger.LogInformation("已升级数据库 {Database:l}（{Count} 个迁移）。Applied migrations {Migrations}", Shown(file), pending.Count, pending);
            }
        }

        if (db.Database.IsSqlite())
        {
            // WAL is a property of the file: set once, kept by every later connection.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;", ct);
        }

        return pending;
    }

    /// <summary>
    /// Some SQLite migrations (table rebuilds) cannot run in one transaction, so a process killed in the middle leaves a
    /// half-applied migration that the next run cannot apply again ("duplicate column"). Before migrating, a snapshot
    /// of the database is taken beside it; it is removed when the migrations succeed. Found at the next start, it means
    /// the migrations were interrupted: the database is put back as it was before them, and they run again.
    /// </summary>
    public const string PreMigrationSuffix = ".pre-migration";

    /// <summary>
    /// On PostgreSQL, creates the database (when the account may) and EF's history table before anything asks which
    /// migrations are applied: Npgsql finds out whether the table exists by querying it, and EF logs each refused query
    /// as an error, three on every first start, which reads as a failed set-up.
    /// </summary>
    private async Task PrepareNpgsqlHistoryAsync(CancellationToken ct)
    {
        if (!db.Database.IsNpgsql())
        {
            return;
        }

        var creator = db.GetService<IRelationalDatabaseCreator>();
        if (!await creator.ExistsAsync(ct))
        {
            await creator.CreateAsync(ct);
        }

        await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(ct);
    }

    /// <summary>The SQLite file, or the provider's name for a server database (its connection string may hold a password).</summary>
    private string Shown(string? sqliteFile) => sqliteFile ?? db.Database.ProviderName ?? "database";

    private string? SqliteFile()
    {
        var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
        return string.IsNullOrEmpty(file) || file == ":memory:" ? null : Path.GetFullPath(file);
    }

    private async Task RollBackInterruptedMigrationAsync(string file)
    {
        var snapshot = file + PreMigrationSuffix;
        if (!File.Exists(snapshot))
        {
            return;
        }

        await db.Database.CloseConnectionAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Copy(snapshot, file + ".restoring", overwrite: true);
        foreach (var suffix in new[] { "-wal", "-shm" })
        {
            File.Delete(file + suffix);
        }

        File.Move(file + ".restoring", file, overwrite: true);
        logger.LogWarning("The last migration of {Database} was interrupted; the database was put back as it was before it (上次数据库升级被中断，已恢复到升级前的状态后重新升级)", file);
    }

    private async Task SnapshotBeforeMigratingAsync(string file, CancellationToken ct)
    {
        if (!File.Exists(file) || new FileInfo(file).Length == 0)
        {
            // A new database: nothing to keep; an interrupted first migration is rolled back to an empty file.
            await File.WriteAllBytesAsync(file + PreMigrationSuffix, [], ct);
            return;
        }

        var temporary = file + ".pre-migration.partial";
        File.Delete(temporary);
        await db.Database.ExecuteSqlRawAsync("VACUUM INTO {0}", [temporary], ct);
        File.Move(temporary, file + PreMigrationSuffix, overwrite: true);
    }

    private async Task<FileStream?> HoldMigrationLockAsync(string file, CancellationToken ct)
    {
        var lockPath = file + ".migrating";
        var waitingSince = DateTime.UtcNow;
        var lastNotice = DateTime.MinValue;
        while (true)
        {
            try
            {
                return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException) when (DateTime.UtcNow - waitingSince < MigrationWait)
            {
                if (DateTime.UtcNow - lastNotice > TimeSpan.FromSeconds(10))
                {
                    logger.LogWarning("Another process is migrating {Database}; waiting for it (另一个进程正在升级数据库，等待中)", file);
                    lastNotice = DateTime.UtcNow;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
            }
            catch (IOException ex)
            {
                throw new InvalidOperationException($"数据库 {file} 正由另一个进程升级，等待 {MigrationWait.TotalMinutes} 分钟后仍未结束。请确认没有其他门户或命令行进程在运行，再重新启动。", ex);
            }
        }
    }

    private async Task ClearStaleSqliteLockAsync(CancellationToken ct)
    {
        var exists = await db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS \"Value\" FROM sqlite_master WHERE type = 'table' AND name = '__EFMigrationsLock'").SingleAsync(ct);
        if (exists > 0 && await db.Database.ExecuteSqlRawAsync("DELETE FROM \"__EFMigrationsLock\"", ct) > 0)
        {
            logger.LogWarning("Cleared a migration lock left by a process that stopped while migrating (清除了上次中断的数据库升级留下的锁)");
        }
    }

    /// <summary>The default list's file: <see cref="SeedOptions.DefaultListPath"/>, relative to the app's folder unless rooted.</summary>
    private static string SeedPath(SeedOptions options) =>
        Path.IsPathRooted(options.DefaultListPath) ? options.DefaultListPath : Path.Combine(AppContext.BaseDirectory, options.DefaultListPath);

    /// <summary>Loads the default list when the database has no list at all; returns whether it loaded.</summary>
    public async Task<bool> SeedAsync(CancellationToken ct = default)
    {
        var options = seedOptions.Value;
        if (!options.LoadDefaultList || await db.Lists.AnyAsync(ct))
        {
            return false;
        }

        var path = SeedPath(options);
        var document = await SeedFile.ReadAsync(path, ct);
        await lists.AddAsync(document, ct);
        logger.LogInformation("已载入默认清单《{Title:l}》：{Indicators} 个指标、{Problems} 个问题。Loaded from {Path}",
            document.Title, document.Indicators.Count, document.Indicators.Sum(i => i.Problems.Count), path);
        return true;
    }

    /// <summary>
    /// Gives the default list, loaded before 对标指标项 existed, the seed file's metrics: when the list is there (same
    /// title and year) and none of its indicators has a metric, each seed indicator still matching by number and name gets
    /// its metrics. Returns how many were added.
    /// </summary>
    public async Task<int> AddSeedMetricsAsync(CancellationToken ct = default)
    {
        var options = seedOptions.Value;
        var path = SeedPath(options);
        if (!options.LoadDefaultList || !File.Exists(path))
        {
            return 0;
        }

        var document = await SeedFile.ReadAsync(path, ct);
        var list = await db.Lists.Where(l => l.Title == document.Title && l.Year == document.Year).Select(l => (int?)l.Id).SingleOrDefaultAsync(ct);
        if (list is not { } listId || await db.BenchmarkMetrics.AnyAsync(m => m.Indicator.ListId == listId, ct))
        {
            return 0;
        }

        var indicators = await db.Indicators.Where(i => i.ListId == listId).ToListAsync(ct);
        var added = 0;
        foreach (var source in document.Indicators)
        {
            if (indicators.SingleOrDefault(i => i.Number == source.Number && i.Name == source.Name) is { } indicator)
            {
                var metrics = (source.Metrics ?? []).Select((m, i) => Domain.Benchmarking.BenchmarkMetric.From(m, i + 1)).ToList();
                indicator.Metrics.AddRange(metrics);
                added += metrics.Count;
            }
        }

        await db.SaveChangesAsync(ct);
        if (added > 0)
        {
            logger.LogInformation("已为清单《{Title:l}》补充 {Count} 个对标指标项（来自 {Path}）。Added the seed's benchmark metrics", document.Title, added, path);
        }

        return added;
    }

    /// <summary>Migrate, load the default list into an empty database, and make sure what must hold after that does (<see cref="IAfterMigration"/>: an administrator exists).</summary>
    public async Task InitialiseAsync(CancellationToken ct = default)
    {
        try
        {
            // Instances starting together on one server database take turns (StartLock): migrations, the seed and the key import once.
            await using var started = await StartLock.AcquireAsync(db, logger, ct);
            await MigrateHeldAsync(ct);
            await SeedAsync(ct);
            await AddSeedMetricsAsync(ct);
            foreach (var step in afterMigration)
            {
                await step.EnsureAsync(ct);
            }

            await ProbeWriteAsync(ct);
        }
        catch (Microsoft.Data.Sqlite.SqliteException ex) when (ex.SqliteErrorCode is 8 or 14)
        {
            // SQLITE_READONLY, SQLITE_CANTOPEN: a read-only file or folder, or a path that cannot be created.
            var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
            throw new InvalidOperationException(
                $"数据库文件 {Path.GetFullPath(file)} 无法写入（只读、所在文件夹不可写或磁盘已满）。请让运行门户的账号对该文件及其文件夹有读写权限，或在 ConnectionStrings:BizEnv 中指定可写的位置，然后重新启动。", ex);
        }
    }

    /// <summary>A row written and rolled back: a database that cannot be written stops the start with a clear message, not the first user's save.</summary>
    private async Task ProbeWriteAsync(CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlRawAsync("DELETE FROM \"EndedSessions\" WHERE \"Id\" = 'start-probe'", ct);
        await db.Database.ExecuteSqlRawAsync("INSERT INTO \"EndedSessions\" (\"Id\", \"ExpiresAtUtc\") VALUES ('start-probe', '2000-01-01 00:00:00')", ct);
        await transaction.RollbackAsync(ct);
    }
}
