using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.Web.Data;

/// <summary>
/// One row per scheduled job: which instance runs it now (<see cref="Holder"/> until <see cref="ExpiresAtUtc"/>) and
/// the last period it was done for (<see cref="DoneFor"/>). Lets several instances on one database run each daily
/// job once (ADR-0020).
/// </summary>
public class JobLease
{
    public const int NameLength = 64;

    public const int HolderLength = 200;

    public string Name { get; set; } = "";

    public string Holder { get; set; } = "";

    public DateTime ExpiresAtUtc { get; set; }

    /// <summary>The period (a Beijing day, <c>yyyy-MM-dd</c>) the job last finished for, or null.</summary>
    public string? DoneFor { get; set; }
}

/// <summary>
/// Claims a job's run for a period across every instance on the database. A claim is one conditional UPDATE whose
/// rows-affected count says who won, so two instances asking at once cannot both win on any provider; the row is
/// inserted the first time a job is ever run (the primary key refuses a second insert). Each claim writes a holder
/// name of its own, and finishing or letting go touches the row only while it still holds it: a run that outlived
/// its claim cannot mark a later period done or free a newer run, even one of the same instance.
/// </summary>
public sealed class JobLeases(IServiceScopeFactory scopes, TimeProvider time)
{
    /// <summary>How long a claim lasts if its holder dies without finishing or letting go.</summary>
    public static readonly TimeSpan Hold = TimeSpan.FromMinutes(30);

    /// <summary>This instance, as shown (with the claim's number after it) in the lease row.</summary>
    public string Holder { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    private long _claims;

    /// <summary>
    /// Claims <paramref name="job"/> for the Beijing day <paramref name="day"/>: null when it is already done for that
    /// day or another instance is running it. Dispose the claim after a failed run so another try (here or elsewhere)
    /// may take it.
    /// </summary>
    public async Task<JobClaim?> TryClaimAsync(string job, DateOnly day, CancellationToken ct = default)
    {
        var period = Domain.ChinaTime.FormatDate(day);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BizEnvDbContext>();
        var now = time.GetUtcNow().UtcDateTime;
        var until = now + Hold;
        var holder = LastCharacters($"{Holder}#{Interlocked.Increment(ref _claims)}", JobLease.HolderLength);
        var claimed = await db.JobLeases
            .Where(l => l.Name == job && l.ExpiresAtUtc <= now && l.DoneFor != period)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Holder, holder).SetProperty(l => l.ExpiresAtUtc, until), ct) == 1;
        if (!claimed && !await db.JobLeases.AnyAsync(l => l.Name == job, ct))
        {
            db.JobLeases.Add(new JobLease { Name = job, Holder = holder, ExpiresAtUtc = until });
            try
            {
                claimed = await db.SaveChangesAsync(ct) == 1;
            }
            catch (DbUpdateException)
            {
                // Another instance inserted the row first: it holds the claim.
                claimed = false;
            }
        }

        return claimed ? new JobClaim(this, job, holder, period) : null;
    }

    /// <summary>The unique end of a holder name whose machine name is very long.</summary>
    private static string LastCharacters(string text, int count) => text.Length <= count ? text : text[^count..];

    /// <summary>Ends the claim of <paramref name="holder"/> (marking <paramref name="period"/> done unless null), if it still holds the row.</summary>
    internal async Task FinishAsync(string job, string holder, string? period, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BizEnvDbContext>();
        var now = time.GetUtcNow().UtcDateTime;
        var lease = db.JobLeases.Where(l => l.Name == job && l.Holder == holder);
        if (period is null)
        {
            await lease.ExecuteUpdateAsync(s => s.SetProperty(l => l.ExpiresAtUtc, now), ct);
        }
        else
        {
            await lease.ExecuteUpdateAsync(s => s.SetProperty(l => l.ExpiresAtUtc, now).SetProperty(l => l.DoneFor, period), ct);
        }
    }
}

/// <summary>A job claimed for a period: <see cref="DoneAsync"/> marks the period done; disposing without it lets the claim go.</summary>
public sealed class JobClaim(JobLeases leases, string job, string holder, string period) : IAsyncDisposable
{
    private bool _finished;

    public async Task DoneAsync(CancellationToken ct = default)
    {
        await leases.FinishAsync(job, holder, period, ct);
        _finished = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_finished)
        {
            _finished = true;
            await leases.FinishAsync(job, holder, null, CancellationToken.None);
        }
    }
}
