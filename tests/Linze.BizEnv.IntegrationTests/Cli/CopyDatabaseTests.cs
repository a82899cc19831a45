using System.Globalization;
using Linze.BizEnv.IntegrationTests.Workflow;
using Linze.BizEnv.Web.Cli;
using Linze.BizEnv.Web.Configuration;
using Linze.BizEnv.Web.Data;
using Linze.BizEnv.Web.Data.Seeding;
using Linze.BizEnv.Web.Workflow;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Linze.BizEnv.IntegrationTests.Cli;

/// <summary>
/// copy-database moves a county from SQLite to the database of the pass (SQLite here, PostgreSQL in scripts/test.sh's
/// second pass) and back to SQLite, every row and every evidence file as it was (times to the microsecond through PostgreSQL).
/// </summary>
public sealed partial class CopyDatabaseTests : IDisposable
{
    private readonly SqlitePortal _source = new();
    private readonly string _copy = TestDatabase.NewName();
    private readonly string _copyEvidence = Directory.CreateTempSubdirectory("bizenv-copy-evidence-").FullName;
    private readonly string _back = Path.Combine(Path.GetTempPath(), $"bizenv-copy-back-{Guid.NewGuid():N}.db");
    private readonly string _backEvidence = Directory.CreateTempSubdirectory("bizenv-copy-back-evidence-").FullName;

    public CopyDatabaseTests() => TestDatabase.Create(_copy);

    private async Task<(int Exit, string Out, string Error)> CopyToPassDatabaseAsync()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CommandLine.RunAsync(_source.Services,
            ["copy-database", "--to-provider", TestDatabase.Provider, "--to-connection", TestDatabase.ConnectionString(_copy), "--to-evidence", _copyEvidence],
            output, error);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>A county's data as the portal writes it: the default list, a demo list with accounts, history and 对标 readings, evidence files, an archived problem, audit lines.</summary>
    private async Task<string> SeedAsync()
    {
        _ = _source.CreateClient();
        var user = await _source.CreateUserAsync(Linze.BizEnv.Web.Domain.Roles.Viewer);
        await _source.ProgressWithFilesAsync(await _source.NewProblemAsync(), ("验收报告.pdf", EvidenceFiles.OnePagePdf()), ("现场照片.png", EvidenceFiles.Png()));
        var archived = await _source.NewProblemAsync(2);
        await using (var scope = _source.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DemoData>().GenerateAsync(1, "Demo-Pass-2026!");
        }

        var docx = await EvidenceStore.CheckAsync(new MemoryStream(EvidenceFiles.Docx()), "本县现值.docx");
        await new EvidenceStore(_source.EvidenceDirectory).SaveAsync(docx);
        await _source.WithDbAsync(async db =>
        {
            (await db.Problems.SingleAsync(p => p.Id == archived)).Archive();
            var reading = await db.MetricReadings.OrderBy(r => r.Id).FirstAsync();
            reading.EvidenceSha256 = docx.Sha256;
            reading.EvidenceName = docx.FileName;
            return await db.SaveChangesAsync();
        });
        return user;
    }

    [Fact]
    public async Task CopyingToTheOtherDatabaseAndBackKeepsEveryRowAndEveryEvidenceFile()
    {
        var user = await SeedAsync();

        var (exit, output, error) = await CopyToPassDatabaseAsync();

        Assert.True(exit == 0, output + error);
        Assert.Contains("全部一致", output, StringComparison.Ordinal);
        Assert.Contains("已复制 AuditEntries", output, StringComparison.Ordinal);
        await using (var from = DatabaseCopy.OpenBare(Enum.Parse<DatabaseProvider>(TestDatabase.Provider), TestDatabase.ConnectionString(_copy)))
        await using (var to = DatabaseCopy.OpenBare(DatabaseProvider.Sqlite, $"Data Source={_back}"))
        {
            var back = await new DatabaseCopy(from, _copyEvidence, to, _backEvidence, TextWriter.Null).RunAsync();
            Assert.True(back.AllEqual);
            Assert.Equal(3, back.EvidenceChecked);
        }

        SqliteConnection.ClearAllPools();
        var (source, returned) = (Dump(_source.SqliteFile), Dump(_back));
        Assert.Equal(source.Keys, returned.Keys);
        foreach (var (table, rows) in source)
        {
            Assert.True(rows.SequenceEqual(returned[table]),
                $"{table}: {rows.Count} rows, {returned[table].Count} back; first not back: {rows.Except(returned[table]).FirstOrDefault()}; first new: {returned[table].Except(rows).FirstOrDefault()}");
        }

        Assert.Equal(EvidenceOf(_source.EvidenceDirectory), EvidenceOf(_backEvidence));
        Assert.Equal(3, EvidenceOf(_backEvidence).Count);

        // The password hash came along: the account signs in on the copy; and new rows get keys after the copied ones.
        using var onCopy = new BizEnvFactory(_copy);
        await onCopy.SignInAsync(user);
        var leaders = await _source.WithDbAsync(db => db.Leaders.MaxAsync(l => l.Id));
        var added = await onCopy.WithDbAsync(async db =>
        {
            var leader = db.Leaders.Add(new Linze.BizEnv.Web.Domain.Leader { Name = "新任领导" }).Entity;
            await db.SaveChangesAsync();
            return leader.Id;
        });
        Assert.Equal(leaders + 1, added);
    }

    [Fact]
    public async Task ATargetThatHoldsRowsIsRefusedInChineseAndNothingIsWrittenToIt()
    {
        await SeedAsync();
        Assert.Equal(0, (await CopyToPassDatabaseAsync()).Exit);
        var before = await CountsAsync();

        var (exit, output, error) = await CopyToPassDatabaseAsync();

        Assert.Equal(1, exit);
        Assert.Contains("目标数据库不是空库", error, StringComparison.Ordinal);
        Assert.DoesNotContain("已复制", output, StringComparison.Ordinal);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task AnUnknownProviderOrAMissingConnectionAnswersWithUsage()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var unknown = await CommandLine.RunAsync(_source.Services, ["copy-database", "--to-provider", "Oracle", "--to-connection", "x"], output, error);
        var missing = await CommandLine.RunAsync(_source.Services, ["copy-database", "--to-provider", "Sqlite"], output, error);

        Assert.Equal((2, 2), (unknown, missing));
        Assert.Contains("不支持的数据库类型：Oracle", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("用法：copy-database", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANumberForTheProviderAndAnUnreadableConnectionStringAreRefusedInChinese()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var number = await CommandLine.RunAsync(_source.Services, ["copy-database", "--to-provider", "2", "--to-connection", "Host=x"], output, error);
        var list = await CommandLine.RunAsync(_source.Services, ["copy-database", "--to-provider", "Sqlite,SqlServer", "--to-connection", "x"], output, error);
        var malformed = await CommandLine.RunAsync(_source.Services, ["copy-database", "--to-provider", "Sqlite", "--to-connection", "Foo=bar;Data Source=/tmp/x.db"], output, error);

        var unwritable = await CommandLine.RunAsync(_source.Services,
            ["copy-database", "--to-provider", TestDatabase.Provider, "--to-connection", TestDatabase.ConnectionString(_copy), "--to-evidence", "/proc/bizenv-evidence"], output, error);

        Assert.Equal((2, 2, 2, 1), (number, list, malformed, unwritable));
        Assert.Contains("佐证材料文件夹 /proc/bizenv-evidence 无法创建或写入，未复制任何内容", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("不支持的数据库类型：2", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("目标连接字符串无效", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATargetHoldingAnotherApplicationsTablesIsRefusedAndLeftAsItWas()
    {
        var other = TestDatabase.NewName();
        TestDatabase.Create(other);
        try
        {
            await using (var foreign = DatabaseCopy.OpenBare(Enum.Parse<DatabaseProvider>(TestDatabase.Provider), TestDatabase.ConnectionString(other)))
            {
                await foreign.Database.ExecuteSqlRawAsync("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)");
                await foreign.Database.ExecuteSqlRawAsync("INSERT INTO customers (id, name) VALUES (1, 'a')");
            }

            using var output = new StringWriter();
            using var error = new StringWriter();
            var exit = await CommandLine.RunAsync(_source.Services,
                ["copy-database", "--to-provider", TestDatabase.Provider, "--to-connection", TestDatabase.ConnectionString(other), "--to-evidence", _copyEvidence], output, error);

            Assert.Equal(1, exit);
            Assert.Contains("目标数据库中已有其他表", error.ToString(), StringComparison.Ordinal);
            await using var check = DatabaseCopy.OpenBare(Enum.Parse<DatabaseProvider>(TestDatabase.Provider), TestDatabase.ConnectionString(other));
            Assert.Empty(await check.Database.GetAppliedMigrationsAsync()); // not migrated either
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            TestDatabase.Drop(other);
        }
    }

    private async Task<string> CountsAsync()
    {
        await using var copy = DatabaseCopy.OpenBare(Enum.Parse<DatabaseProvider>(TestDatabase.Provider), TestDatabase.ConnectionString(_copy));
        return string.Join(",", await copy.Problems.IgnoreQueryFilters().CountAsync(), await copy.Users.CountAsync(), await copy.AuditEntries.CountAsync(), await copy.Evidence.CountAsync());
    }

    /// <summary>Every table of a SQLite file, each row's every column as stored, rows sorted: what a copy must give back.</summary>
    private static Dictionary<string, List<string>> Dump(string file)
    {
        using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
        connection.Open();
        var tables = new List<string>();
        using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__EFMigrations%' ORDER BY name";
            using var reader = list.ExecuteReader();
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var dump = new Dictionary<string, List<string>>();
        foreach (var table in tables)
        {
            using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\"";
            using var reader = select.ExecuteReader();
            var rows = new List<string>();
            while (reader.Read())
            {
                rows.Add(string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "NULL" : reader.GetValue(i) switch
                {
                    byte[] bytes => Convert.ToBase64String(bytes),
                    string text when TestDatabase.IsPostgreSql && SqliteTime().IsMatch(text) => "String:" + ToMicroseconds(text),
                    var value => $"{value.GetType().Name}:{Convert.ToString(value, CultureInfo.InvariantCulture)}",
                })));
            }

            rows.Sort(StringComparer.Ordinal);
            dump[table] = rows;
        }

        Assert.Contains("AspNetUsers", dump.Keys);
        return dump;
    }

    /// <summary>PostgreSQL keeps a time to the microsecond, SQLite to the 100-ns tick (ADR-0018, ADR-0021): compare to the microsecond.</summary>
    private static string ToMicroseconds(string sqliteTime)
    {
        var time = DateTime.Parse(sqliteTime, CultureInfo.InvariantCulture);
        return time.AddTicks(-(time.Ticks % 10)).ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{1,7})?$")]
    private static partial System.Text.RegularExpressions.Regex SqliteTime();

    private static SortedDictionary<string, string> EvidenceOf(string folder) => new(
        Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains(Path.DirectorySeparatorChar + "imports" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .ToDictionary(f => Path.GetRelativePath(folder, f), f => Convert.ToBase64String(File.ReadAllBytes(f))),
        StringComparer.Ordinal);

    public void Dispose()
    {
        _source.Dispose();
        SqliteConnection.ClearAllPools();
        TestDatabase.Drop(_copy);
        foreach (var file in (TestDatabase.IsPostgreSql ? [_back] : new[] { _copy, _back }).SelectMany(f => new[] { f, f + "-wal", f + "-shm" }))
        {
            File.Delete(file);
        }

        foreach (var folder in new[] { _copyEvidence, _backEvidence })
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// The portal on a SQLite file whichever pass runs: a county moving to PostgreSQL starts from SQLite. It runs no
    /// compiled query (pages, dashboard), which a process serving PostgreSQL portals has compiled for their model.
    /// </summary>
    private sealed class SqlitePortal : BizEnvFactory
    {
        private readonly string _file = Path.Combine(Path.GetTempPath(), $"bizenv-copy-source-{Guid.NewGuid():N}.db");

        public string SqliteFile => TestDatabase.IsPostgreSql ? _file : Database;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            if (TestDatabase.IsPostgreSql)
            {
                builder.UseSetting("Database:Provider", "Sqlite");
                builder.UseSetting("ConnectionStrings:BizEnv", $"Data Source={SqliteFile}");
                builder.ConfigureTestServices(services => services.ConfigureDbContext<SqliteBizEnvDbContext>(o => o.AddInterceptors(SqlServerCheck)));
            }
        }

        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            if (disposing && TestDatabase.IsPostgreSql)
            {
                SqliteConnection.ClearAllPools();
                foreach (var suffix in new[] { "", "-wal", "-shm" })
                {
                    File.Delete(SqliteFile + suffix);
                }
            }
        }
    }
}
