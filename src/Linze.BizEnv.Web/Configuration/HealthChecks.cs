using Linze.BizEnv.Web.Data;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Workflow;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Linze.BizEnv.Web.Configuration;

/// <summary>The <c>Health</c> configuration section.</summary>
public sealed class HealthOptions
{
    public const string Section = "Health";

    /// <summary>Below this much free space on the database, evidence or log disk, <c>/healthz</c> says Degraded.</summary>
    public long MinFreeMegabytes { get; set; } = 512;
}

public static class HealthChecks
{
    /// <summary><c>/healthz</c>: Unhealthy when the database cannot be read or written, Degraded when a data disk is nearly full.</summary>
    public static WebApplicationBuilder AddHealthChecks(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<HealthOptions>(builder.Configuration.GetSection(HealthOptions.Section));
        var logPath = builder.Configuration["Logging:File:Path"];
        var logFolder = string.IsNullOrWhiteSpace(logPath) ? null : Path.GetDirectoryName(Path.Combine(builder.Environment.ContentRootPath, logPath));
        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database")
            .AddTypeActivatedCheck<DiskSpaceHealthCheck>("disk-space", logFolder ?? "");
        return builder;
    }
}

/// <summary>
/// Healthy when the database answers a query and takes a write: a row is written and rolled back, so a read-only
/// database file or a full disk shows here before the first user's save fails.
/// </summary>
public sealed class DatabaseHealthCheck(BizEnvDbContext db, TimeProvider time) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            if (!await db.Database.CanConnectAsync(cancellationToken))
            {
                return HealthCheckResult.Unhealthy("database does not answer (数据库无法连接)");
            }

            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            db.EndedSessions.Add(new EndedSession { Id = "healthz" + Guid.NewGuid().ToString("N")[..25], ExpiresAtUtc = time.GetUtcNow().UtcDateTime });
            await db.SaveChangesAsync(cancellationToken);
            await transaction.RollbackAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or DbUpdateException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("database cannot be read or written (数据库无法读写)", ex);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }
}

/// <summary>Degraded when the database's, the evidence's or the log's disk has less free space than <see cref="HealthOptions.MinFreeMegabytes"/>.</summary>
public sealed class DiskSpaceHealthCheck(BizEnvDbContext db, EvidenceStore evidence, Microsoft.Extensions.Options.IOptions<HealthOptions> options, string logFolder) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var folders = new List<(string What, string Path)> { ("佐证材料", evidence.Root) };
        if (db.Database.IsSqlite() && new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource is { Length: > 0 } file && file != ":memory:")
        {
            folders.Add(("数据库", Path.GetDirectoryName(Path.GetFullPath(file))!));
        }

        if (logFolder.Length > 0)
        {
            folders.Add(("日志", logFolder));
        }

        var floor = options.Value.MinFreeMegabytes;
        var low = new List<string>();
        var data = new Dictionary<string, object>();
        foreach (var (what, path) in folders)
        {
            if (FreeMegabytes(path) is { } free)
            {
                data[what] = free;
                if (free < floor)
                {
                    low.Add($"{what}（{path}）剩余 {free} MB");
                }
            }
        }

        return Task.FromResult(low.Count == 0
            ? HealthCheckResult.Healthy(data: data)
            : HealthCheckResult.Degraded($"low disk space (磁盘剩余空间低于 {floor} MB：{string.Join("；", low)})", data: data));
    }

    /// <summary>Free space of the disk holding <paramref name="path"/> (or its nearest existing parent); null when unknown.</summary>
    private static long? FreeMegabytes(string path)
    {
        var existing = Path.GetFullPath(path);
        while (!Directory.Exists(existing) && Path.GetDirectoryName(existing) is { } parent)
        {
            existing = parent;
        }

        try
        {
            return new DriveInfo(existing).AvailableFreeSpace / (1024 * 1024);
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
