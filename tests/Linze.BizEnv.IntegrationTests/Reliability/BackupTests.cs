using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text;
using Linze.BizEnv.IntegrationTests.Workflow;
using Linze.BizEnv.Web.Data;
using Linze.BizEnv.Web.Data.Backup;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Workflow;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Linze.BizEnv.IntegrationTests.Reliability;

/// <summary>A backup taken while clerks keep writing restores every entry and file it acknowledged; a bad archive restores nothing.</summary>
public sealed class BackupTests : IDisposable
{
    private readonly string _work = Path.Combine(Path.GetTempPath(), $"bizenv-backup-test-{Guid.NewGuid():N}");

    public BackupTests() => Directory.CreateDirectory(_work);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_work, recursive: true);
    }

    private static Task<IReadOnlyList<string>> MigrationsAsync(BizEnvFactory portal) =>
        portal.WithDbAsync(db => Task.FromResult<IReadOnlyList<string>>([.. db.Database.GetMigrations()]));

    private static long Scalar(string databaseFile, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={databaseFile};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [SqliteOnlyFact("the archive holds a SQLite file taken with SQLite's online backup; PostgreSQL databases are backed up with pg_dump")]
    public async Task ABackupTakenWhileWritersRunRestoresEveryAcknowledgedEntryAndItsFile()
    {
        using var portal = new BizEnvFactory();
        var problems = new[] { await portal.NewProblemAsync(), await portal.NewProblemAsync(), await portal.NewProblemAsync() };
        var acknowledged = new ConcurrentDictionary<long, string>();
        using var stop = new CancellationTokenSource();
        var writers = problems.Select(problemId => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var pdf = Encoding.ASCII.GetBytes($"%PDF-1.4\n% {problemId}-{i}-{Guid.NewGuid():N}\n%%EOF\n");
                var entry = await portal.WithWorkflowAsync(async workflow =>
                {
                    var problem = (await workflow.FindProblemAsync(problemId))!;
                    using var file = new MemoryStream(pdf);
                    return await workflow.AddEntryAsync(problem.IndicatorId, problem, new Writer(Guid.NewGuid().ToString("N"), "写入者", problem.ResponsibleUnitId),
                        ChinaTime.Today(portal.Clock), $"并发写入 {i}", Math.Min(i, 100), [($"证明{i}.pdf", file)]);
                });
                acknowledged[entry.Id] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(pdf));
            }
        })).ToList();

        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var beforeBackup = acknowledged.ToDictionary(p => p.Key, p => p.Value);
        var archive = Path.Combine(_work, "backup.zip");
        var manifest = await BackupArchive.CreateAsync(portal.DatabaseFile, portal.EvidenceDirectory, portal.KeysDirectory, Path.Combine(_work, "backup.zip"), TimeProvider.System);
        await Task.Delay(TimeSpan.FromSeconds(0.5));
        await stop.CancelAsync();
        await Task.WhenAll(writers);

        Assert.NotEmpty(beforeBackup);
        Assert.Empty(manifest.MissingEvidence);
        var target = Path.Combine(_work, "restored.db");
        var evidence = Path.Combine(_work, "evidence");
        await BackupArchive.RestoreAsync(archive, target, evidence, Path.Combine(_work, "keys"), await MigrationsAsync(portal));

        foreach (var (id, sha) in beforeBackup)
        {
            Assert.Equal(1, Scalar(target, $"SELECT COUNT(*) FROM \"ProgressEntries\" WHERE \"Id\" = {id}"));
            Assert.True(File.Exists(Path.Combine(evidence, sha[..2], sha)), $"the file of entry {id} was not restored");
        }

        // Every evidence row the restored database has, has its file: none without.
        Assert.Equal(Scalar(target, "SELECT COUNT(DISTINCT \"Sha256\") FROM \"Evidence\""), Directory.GetFiles(evidence, "*", SearchOption.AllDirectories).Length);
        using var restored = new BizEnvFactory(target);
        Assert.Equal("Healthy", await restored.CreateBareClient().GetStringAsync(new Uri("/healthz", UriKind.Relative)));
    }

    [SqliteOnlyFact("the archive holds a SQLite file taken with SQLite's online backup; PostgreSQL databases are backed up with pg_dump")]
    public async Task TheEvidenceOfA本县现值ReadingIsBackedUpAndRestoredToo()
    {
        using var portal = new BizEnvFactory();
        var pdf = Encoding.ASCII.GetBytes($"%PDF-1.4\n% 统计月报 {Guid.NewGuid():N}\n%%EOF\n");
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(pdf));
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            var metric = await scope.ServiceProvider.GetRequiredService<BizEnvDbContext>().BenchmarkMetrics.FirstAsync(m => m.Indicator.Number == 1 && !m.IsYesNo);
            using var file = new MemoryStream(pdf);
            await scope.ServiceProvider.GetRequiredService<BenchmarkReadings>().RecordAsync(metric.IndicatorId, metric.Id, ChinaTime.Today(portal.Clock), "1", "县政务服务中心月报",
                ("月报.pdf", file), new Writer(Guid.NewGuid().ToString("N"), "填报人", null));
        }

        var archive = Path.Combine(_work, "backup.zip");

        var manifest = await BackupArchive.CreateAsync(portal.DatabaseFile, portal.EvidenceDirectory, portal.KeysDirectory, archive, TimeProvider.System);
        var evidence = Path.Combine(_work, "evidence");
        await BackupArchive.RestoreAsync(archive, Path.Combine(_work, "restored.db"), evidence, Path.Combine(_work, "keys"), await MigrationsAsync(portal));

        Assert.Empty(manifest.MissingEvidence);
        Assert.True(File.Exists(Path.Combine(evidence, sha[..2], sha)), "the reading's evidence was left out of the archive");
    }

    [SqliteOnlyFact("the archive holds a SQLite file taken with SQLite's online backup; PostgreSQL databases are backed up with pg_dump")]
    public async Task ADamagedArchiveAnArchiveOfANewerSchemaAndATargetWithDataAreRefusedWritingNothing()
    {
        using var portal = new BizEnvFactory();
        await portal.ProgressWithEvidenceAsync(await portal.NewProblemAsync());
        var migrations = await MigrationsAsync(portal);
        var archive = Path.Combine(_work, "good.zip");
        await BackupArchive.CreateAsync(portal.DatabaseFile, portal.EvidenceDirectory, portal.KeysDirectory, archive, TimeProvider.System);
        var target = Path.Combine(_work, "target.db");

        // One byte of the database changed inside the archive, and an archive cut short.
        var altered = Path.Combine(_work, "altered.zip");
        File.Copy(archive, altered);
        using (var zip = ZipFile.Open(altered, ZipArchiveMode.Update))
        {
            var entry = zip.GetEntry("database/bizenv.db")!;
            byte[] database;
            await using (var content = entry.Open())
            using (var copy = new MemoryStream())
            {
                await content.CopyToAsync(copy);
                database = copy.ToArray();
            }

            database[database.Length / 2] ^= 0xFF;
            entry.Delete();
            await using var replaced = zip.CreateEntry("database/bizenv.db").Open();
            await replaced.WriteAsync(database);
        }

        var truncated = Path.Combine(_work, "truncated.zip");
        var bytes = await File.ReadAllBytesAsync(archive);
        await File.WriteAllBytesAsync(truncated, bytes[..(bytes.Length / 2)]);
        foreach (var damaged in new[] { altered, truncated })
        {
            var refused = await Assert.ThrowsAsync<BackupRefusedException>(() => BackupArchive.RestoreAsync(damaged, target, Path.Combine(_work, "ev1"), null, migrations));
            Assert.Contains("损坏", refused.Message, StringComparison.Ordinal);
            Assert.False(File.Exists(target));
            Assert.False(Directory.Exists(Path.Combine(_work, "ev1")));
        }

        var newer = Path.Combine(_work, "newer.zip");
        File.Copy(archive, newer);
        using (var zip = ZipFile.Open(newer, ZipArchiveMode.Update))
        {
            var entry = zip.GetEntry("manifest.json")!;
            string text;
            using (var reader = new StreamReader(entry.Open()))
            {
                text = await reader.ReadToEndAsync();
            }

            entry.Delete();
            await using var writer = new StreamWriter(zip.CreateEntry("manifest.json").Open());
            await writer.WriteAsync(text.Replace(migrations[^1], "99991231000000_FromANewerPortal", StringComparison.Ordinal));
        }

        var future = await Assert.ThrowsAsync<BackupRefusedException>(() => BackupArchive.RestoreAsync(newer, target, Path.Combine(_work, "ev2"), null, migrations));
        Assert.Contains("更新版本", future.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(target));

        var entriesBefore = Scalar(portal.DatabaseFile, "SELECT COUNT(*) FROM \"ProgressEntries\"");
        var occupied = await Assert.ThrowsAsync<BackupRefusedException>(() => BackupArchive.RestoreAsync(archive, portal.DatabaseFile, portal.EvidenceDirectory, null, migrations));
        Assert.Contains("已有数据", occupied.Message, StringComparison.Ordinal);
        Assert.Equal(entriesBefore, Scalar(portal.DatabaseFile, "SELECT COUNT(*) FROM \"ProgressEntries\""));
    }

    private sealed class ScheduledPortal(string folder) : BizEnvFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Backup:Path", folder);
            builder.UseSetting("Backup:Keep", "3");
            builder.UseSetting("Backup:At", "00:00");
        }
    }

    [SqliteOnlyFact("the archive holds a SQLite file taken with SQLite's online backup; PostgreSQL databases are backed up with pg_dump; on PostgreSQL the schedule says so in the log (next test)")]
    public async Task TheDailyScheduleTakesOneArchiveADayAndKeepsTheNewest()
    {
        var folder = Path.Combine(_work, "daily");
        Directory.CreateDirectory(folder);
        for (var day = 1; day <= 5; day++)
        {
            await File.WriteAllTextAsync(Path.Combine(folder, $"{BackupScheduler.FilePrefix}2020010{day}.zip"), "旧备份");
        }

        using var portal = new ScheduledPortal(folder);
        _ = portal.CreateClient();
        var scheduler = portal.Services.GetRequiredService<BackupScheduler>();

        // The portal's own schedule may have taken it already at start (or be taking it); either way there is one for
        // today, and no second.
        await scheduler.RunDueAsync();
        await JobRuns.DoneTodayAsync(portal, BackupScheduler.Job);
        Assert.Null(await scheduler.RunDueAsync());

        var kept = Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(3, kept.Count);
        Assert.Contains($"{BackupScheduler.FilePrefix}{ChinaTime.Today(portal.Clock):yyyyMMdd}.zip", kept);
        await BackupArchive.VerifyAsync(Path.Combine(folder, kept[^1]!));
    }

    [PostgreSqlOnlyFact("on SQLite the schedule takes the archive (previous test)")]
    public async Task TheDailyScheduleOnPostgreSqlTakesNoArchiveAndSaysOnceToUsePgDump()
    {
        var folder = Path.Combine(_work, "daily");
        Directory.CreateDirectory(folder);
        using var portal = new ScheduledPortal(folder);
        _ = portal.CreateClient();
        var scheduler = portal.Services.GetRequiredService<BackupScheduler>();

        Assert.Null(await scheduler.RunDueAsync());
        Assert.Null(await scheduler.RunDueAsync());

        Assert.Empty(Directory.GetFiles(folder));
        Assert.Single(portal.LogEvents.Snapshot(), e => e.Level == Serilog.Events.LogEventLevel.Warning && e.Message.Contains("pg_dump", StringComparison.Ordinal));
    }
}
