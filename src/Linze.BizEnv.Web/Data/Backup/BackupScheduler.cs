using Linze.BizEnv.Web.Configuration;
using Linze.BizEnv.Web.Domain;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Linze.BizEnv.Web.Data.Backup;

/// <summary>The <c>Backup</c> configuration section: where the portal keeps its daily archives, how many, and when.</summary>
public sealed class BackupOptions
{
    public const string Section = "Backup";

    /// <summary>The folder for the daily archives, relative to the content root unless rooted; empty turns the schedule off.</summary>
    public string? Path { get; set; }

    /// <summary>How many daily archives to keep (the oldest are removed).</summary>
    public int Keep { get; set; } = 7;

    /// <summary>Beijing time of day after which the day's archive is taken.</summary>
    public TimeOnly At { get; set; } = new(2, 30);
}

/// <summary>
/// Takes one archive a day (<see cref="BackupArchive"/>) into <see cref="BackupOptions.Path"/> once Beijing time passes
/// <see cref="BackupOptions.At"/>, and keeps the newest <see cref="BackupOptions.Keep"/>. SQLite only: a server
/// database is backed up by the server's tools, which the log says once (<see cref="ServerBackupAdvice"/>). Several
/// instances on one database take one archive a day between them (<see cref="JobLeases"/>).
/// </summary>
public sealed class BackupScheduler(
    IServiceScopeFactory scopes,
    JobLeases leases,
    IOptions<BackupOptions> options,
    BackupFolders folders,
    IHostEnvironment environment,
    TimeProvider time,
    ILogger<BackupScheduler> logger)
    : BackgroundService
{
    public const string FilePrefix = "bizenv-backup-";

    public const string Job = "daily-backup";

    private readonly SemaphoreSlim _one = new(1, 1);

    private int _adviceLogged;

    /// <summary>Takes today's archive if it is due and not taken yet; returns its path when it took one. One run at a time.</summary>
    public async Task<string?> RunDueAsync(CancellationToken ct = default)
    {
        await _one.WaitAsync(ct);
        try
        {
            return await TakeIfDueAsync(ct);
        }
        finally
        {
            _one.Release();
        }
    }

    private async Task<string?> TakeIfDueAsync(CancellationToken ct)
    {
        var settings = options.Value;
        if (string.IsNullOrWhiteSpace(settings.Path))
        {
            return null;
        }

        var now = ChinaTime.From(time.GetUtcNow().UtcDateTime);
        if (TimeOnly.FromDateTime(now) < settings.At)
        {
            return null;
        }

        var folder = System.IO.Path.IsPathRooted(settings.Path) ? settings.Path : System.IO.Path.Combine(environment.ContentRootPath, settings.Path);
        var archive = System.IO.Path.Combine(folder, $"{FilePrefix}{now:yyyyMMdd}.zip");
        if (File.Exists(archive))
        {
            return null;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BizEnvDbContext>();
        if (ServerBackupAdvice.ForBackup(db.Database) is { } advice)
        {
            // The start-up run and a later one may get here together: one of them says it.
            if (Interlocked.Exchange(ref _adviceLogged, 1) == 0)
            {
                logger.LogWarning("Backup:Path is set, but the portal archives only SQLite databases ({Advice:l})", "已设置每日备份，但门户只能自动备份 SQLite 数据库：" + advice);
            }

            return null;
        }

        // A failed archive lets the claim go (disposed without DoneAsync), so the next minute's try, here or on another
        // instance, takes it again.
        await using var claim = await leases.TryClaimAsync(Job, DateOnly.FromDateTime(now), ct);
        if (claim is null)
        {
            return null;
        }

        var manifest = await BackupArchive.CreateAsync(
            new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource,
            folders.Evidence,
            folders.Keys,
            archive, time, ct);
        logger.LogInformation("Daily backup written to {Archive}: {Files} files, schema {Schema}", archive, manifest.Files.Count, manifest.Schema);
        foreach (var old in Directory.GetFiles(folder, FilePrefix + "*.zip").Order(StringComparer.Ordinal).SkipLast(Math.Max(1, settings.Keep)))
        {
            File.Delete(old);
        }

        await claim.DoneAsync(ct);
        return archive;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (string.IsNullOrWhiteSpace(options.Value.Path))
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), time);
        do
        {
            try
            {
                await RunDueAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or SqliteException or BackupRefusedException)
            {
                logger.LogError(ex, "The daily backup failed; it is tried again in a minute (每日备份失败，一分钟后重试)");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
