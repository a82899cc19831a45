using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;

namespace Linze.BizEnv.IntegrationTests.Reliability;

/// <summary>Starting over a database that a killed process or a bad deployment left behind: recover, or say why in Chinese.</summary>
public sealed class StartupTests
{
    private static void Execute(string databaseFile, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={databaseFile};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    [Fact]
    public void AFirstStartWarnsOfNothingAndSaysInChineseWhatItSetUp()
    {
        using var portal = new BizEnvFactory();
        using var informative = portal.WithWebHostBuilder(b => b.UseSetting("Serilog:MinimumLevel:Default", "Information"));
        informative.CreateClient().Dispose();

        var events = portal.LogEvents.Snapshot();
        // EF Core's warnings about SQLite table rebuilds are expected (the migrations are tested, and an interrupted one
        // is rolled back at the next start): a newcomer reading them thinks set-up failed.
        Assert.DoesNotContain(events, e => e.Level >= Serilog.Events.LogEventLevel.Warning);
        Assert.Contains(events, e => e.Message.Contains("已创建数据库", StringComparison.Ordinal));
        Assert.Contains(events, e => e.Message.Contains("已载入默认清单《临泽县优化营商环境对标提升责任清单》：18 个指标、44 个问题", StringComparison.Ordinal));
    }

    [SqliteOnlyFact("the lock row and the lock file beside the database are SQLite's; on PostgreSQL EF locks the history table inside the migration's transaction, which the server ends with a killed process's session")]
    public async Task AMigrationLockLeftByAKilledStartIsClearedWithALogLineInsteadOfHangingForever()
    {
        var file = Path.Combine(Path.GetTempPath(), $"bizenv-killed-{Guid.NewGuid():N}.db");
        // What a process killed during its first migration leaves: EF's lock row, nothing else.
        Execute(file, """
            CREATE TABLE "__EFMigrationsLock" ("Id" INTEGER NOT NULL CONSTRAINT "PK___EFMigrationsLock" PRIMARY KEY, "Timestamp" TEXT NOT NULL);
            INSERT INTO "__EFMigrationsLock" ("Id", "Timestamp") VALUES (1, '2026-11-27 08:00:00+00:00');
            """);
        using var portal = new BizEnvFactory(file);
        try
        {
            var start = Task.Run(() => portal.CreateClient());
            Assert.True(await Task.WhenAny(start, Task.Delay(TimeSpan.FromSeconds(90))) == start, "the start hung on the stale migration lock");
            Assert.Equal("Healthy", await (await start).GetStringAsync(new Uri("/healthz", UriKind.Relative)));
            Assert.Contains(portal.LogEvents.Snapshot(), e => e.Message.Contains("Cleared a migration lock", StringComparison.Ordinal));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm", ".migrating" })
            {
                File.Delete(file + suffix);
            }

            if (Directory.Exists(portal.KeysDirectory))
            {
                Directory.Delete(portal.KeysDirectory, recursive: true);
            }
        }
    }

    [SqliteOnlyFact("a database file without write permission is SQLite's case; a PostgreSQL account without rights fails with the server's own error")]
    public void ADatabaseThatCannotBeWrittenStopsTheStartWithAChineseMessageNamingTheFile()
    {
        using var first = new BizEnvFactory();
        _ = first.CreateClient();
        SqliteConnection.ClearAllPools();

        using var readOnly = new ReadOnlyPortal(first.DatabaseFile);
        Assert.ThrowsAny<Exception>(() => readOnly.CreateClient());

        // The start stops; its one fatal line says in Chinese what is wrong and where.
        var fatal = Assert.Single(readOnly.LogEvents.Snapshot(), e => e.Level == Serilog.Events.LogEventLevel.Fatal);
        Assert.Contains("无法写入", fatal.Exception!.Message, StringComparison.Ordinal);
        Assert.Contains(Path.GetFileName(first.DatabaseFile), fatal.Exception.Message, StringComparison.Ordinal);
    }

    /// <summary>The same database opened read-only, as a file without write permission would be (root ignores permissions).</summary>
    private sealed class ReadOnlyPortal(string databaseFile) : BizEnvFactory(databaseFile)
    {
        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("ConnectionStrings:BizEnv", $"Data Source={DatabaseFile};Mode=ReadOnly");
        }
    }
}
