using Linze.BizEnv.Web.Data;
using Linze.BizEnv.Web.Data.Auditing;
using Linze.BizEnv.Web.Data.Seeding;
using Linze.BizEnv.Web.Features.Imports;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Linze.BizEnv.Web.Configuration;

public static class PersistenceExtensions
{
    /// <summary>Registers <see cref="BizEnvDbContext"/> on the provider named by <c>Database:Provider</c>.</summary>
    public static WebApplicationBuilder AddPersistence(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(DatabaseOptions.Section);
        builder.Services.Configure<SeedOptions>(builder.Configuration.GetSection(SeedOptions.Section));
        var provider = ReadProvider(section);
        var connectionString = builder.Configuration.GetConnectionString(DatabaseOptions.ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException($"缺少数据库连接字符串：请设置 ConnectionStrings:{DatabaseOptions.ConnectionStringName}。");
        }

        switch (provider)
        {
            case DatabaseProvider.Sqlite:
                var sqlite = ResolveSqliteConnectionString(connectionString, builder.Environment.ContentRootPath);
                builder.Services.AddDbContext<BizEnvDbContext, SqliteBizEnvDbContext>((sp, o) => o
                    .UseSqlite(sqlite)
                    .AddInterceptors(new SqlitePragmaInterceptor(), sp.GetRequiredService<TimestampInterceptor>(), sp.GetRequiredService<AuditInterceptor>())
                    .ConfigureWarnings(w => ExpectedSqliteMigrationNotes(ArchivedProblemsKeepTheirHistory(w))));
                break;
            case DatabaseProvider.SqlServer:
                AddServerDatabase<SqlServerBizEnvDbContext>(builder.Services, o => o.UseSqlServer(connectionString));
                break;
            case DatabaseProvider.PostgreSQL:
                AddServerDatabase<PostgreSqlBizEnvDbContext>(builder.Services, o => o.UseNpgsql(connectionString));
                break;
            default:
                throw new InvalidOperationException($"不支持的数据库类型：{provider}。可选 Sqlite、SqlServer 或 PostgreSQL。");
        }

        builder.Services.AddSingleton<TimestampInterceptor>();
        builder.Services.AddScoped<ListStore>();
        builder.Services.AddSingleton<JobLeases>();
        builder.Services.Configure<Data.Backup.BackupOptions>(builder.Configuration.GetSection(Data.Backup.BackupOptions.Section));
        builder.Services.AddSingleton(sp => new Data.Backup.BackupFolders(sp.GetRequiredService<Workflow.EvidenceStore>().Root, sp.GetRequiredService<KeyRing>().Folder));
        builder.Services.AddSingleton<Data.Backup.BackupScheduler>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Data.Backup.BackupScheduler>());
        builder.Services.AddScoped<ListImport>();
        builder.Services.AddScoped<LedgerImport>();
        builder.Services.AddScoped<UnitMerger>();
        builder.Services.AddScoped<DatabaseInitialiser>();
        builder.Services.AddScoped<DemoData>();
        return builder;
    }

    /// <summary>A server database's context: the timestamp and audit interceptors, none of SQLite's pragmas and migration notes.</summary>
    private static void AddServerDatabase<TContext>(IServiceCollection services, Action<DbContextOptionsBuilder> useProvider)
        where TContext : BizEnvDbContext =>
        services.AddDbContext<BizEnvDbContext, TContext>((sp, o) =>
        {
            useProvider(o);
            o.AddInterceptors(sp.GetRequiredService<TimestampInterceptor>(), sp.GetRequiredService<AuditInterceptor>())
                .ConfigureWarnings(w => ArchivedProblemsKeepTheirHistory(w));
        });

    private static DatabaseProvider ReadProvider(IConfigurationSection section)
    {
        var value = section[DatabaseOptions.ProviderKey];
        if (string.IsNullOrWhiteSpace(value))
        {
            return DatabaseProvider.Sqlite;
        }

        return Enum.TryParse<DatabaseProvider>(value, ignoreCase: true, out var provider) && Enum.IsDefined(provider)
            ? provider
            : throw new InvalidOperationException($"不支持的数据库类型：{value}。Database:Provider 可选 Sqlite、SqlServer 或 PostgreSQL。");
    }

    /// <summary>
    /// Makes a relative SQLite file path relative to the content root (not the shell's working directory),
    /// creates its folder, and sets a generous busy timeout so concurrent writers wait instead of failing.
    /// </summary>
    public static string ResolveSqliteConnectionString(string connectionString, string contentRoot)
    {
        var csb = new SqliteConnectionStringBuilder(connectionString);
        var inMemory = csb.Mode == SqliteOpenMode.Memory || csb.DataSource == ":memory:" || csb.DataSource.Length == 0;
        if (!inMemory)
        {
            if (!Path.IsPathRooted(csb.DataSource))
            {
                csb.DataSource = Path.GetFullPath(Path.Combine(contentRoot, csb.DataSource));
            }

            Directory.CreateDirectory(Path.GetDirectoryName(csb.DataSource)!);
        }

        if (!connectionString.Contains("Default Timeout", StringComparison.OrdinalIgnoreCase)
            && !connectionString.Contains("Command Timeout", StringComparison.OrdinalIgnoreCase))
        {
            csb.DefaultTimeout = SqlitePragmaInterceptor.BusyTimeoutSeconds;
        }

        return csb.ToString();
    }

    /// <summary>
    /// Archived problems are filtered out of queries on purpose, while their progress entries, status changes and
    /// requests stay reachable (the archived problem's page reads them with IgnoreQueryFilters): EF's warning about a
    /// query filter on the required end of those relationships says what is intended, on every start and command.
    /// </summary>
    private static WarningsConfigurationBuilder ArchivedProblemsKeepTheirHistory(WarningsConfigurationBuilder warnings) =>
        warnings.Ignore(CoreEventId.PossibleIncorrectRequiredNavigationWithQueryFilterInteractionWarning);

    /// <summary>
    /// EF Core warns, at every first start, that SQLite table rebuilds run outside a transaction and may leave a
    /// migration half-applied. Expected: the migrations are tested, and <see cref="DatabaseInitialiser"/> snapshots the
    /// database before migrating and rolls an interrupted migration back at the next start. Kept at Debug.
    /// </summary>
    private static WarningsConfigurationBuilder ExpectedSqliteMigrationNotes(WarningsConfigurationBuilder warnings) =>
        warnings.Log(
            (SqliteEventId.TableRebuildPendingWarning, LogLevel.Debug),
            (RelationalEventId.NonTransactionalMigrationOperationWarning, LogLevel.Debug));
}
