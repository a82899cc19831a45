using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.Web.Data.Auditing;

/// <summary>The <c>Audit</c> configuration section.</summary>
public sealed class AuditOptions
{
    public const string Section = "Audit";

    /// <summary>等保 2.0 asks for at least six months of audit records.</summary>
    public const int MinimumRetentionDays = 180;

    public int RetentionDays { get; set; } = 365;

    /// <summary>The retention actually applied: never below <see cref="MinimumRetentionDays"/>.</summary>
    public int EffectiveRetentionDays => Math.Max(RetentionDays, MinimumRetentionDays);
}

/// <summary>
/// Deletes audit entries older than the retention period, tried at start-up and then daily; done once per Beijing day
/// across every instance on the database (<see cref="JobLeases"/>).
/// </summary>
public sealed class AuditRetentionService(
    IServiceScopeFactory scopes,
    JobLeases leases,
    Microsoft.Extensions.Options.IOptions<AuditOptions> options,
    TimeProvider time,
    ILogger<AuditRetentionService> logger) : BackgroundService
{
    public const string Job = "audit-retention";

    /// <summary>Purges if no instance has done so today; returns how many entries it deleted, or null when it left the run to another.</summary>
    public async Task<int?> RunDueAsync(CancellationToken ct = default)
    {
        await using var claim = await leases.TryClaimAsync(Job, Domain.ChinaTime.Today(time), ct);
        if (claim is null)
        {
            return null;
        }

        var deleted = await PurgeAsync(ct);
        await claim.DoneAsync(ct);
        return deleted;
    }

    public async Task<int> PurgeAsync(CancellationToken ct = default)
    {
        var cutoff = time.GetUtcNow().UtcDateTime.AddDays(-options.Value.EffectiveRetentionDays);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BizEnvDbContext>();
        // A set-based delete: purging is not itself a data change to audit row by row.
        var deleted = await db.AuditEntries.Where(a => a.AtUtc < cutoff).ExecuteDeleteAsync(ct);
        if (deleted > 0)
        {
            logger.LogInformation("Purged {Count} audit entries older than {Cutoff:yyyy-MM-dd}", deleted, cutoff);
        }

        return deleted;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromDays(1), time);
        do
        {
            try
            {
                await RunDueAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Purging old audit entries failed; will retry tomorrow");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
