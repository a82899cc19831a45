using System.Collections.Concurrent;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Linze.BizEnv.Web.Accounts;

/// <summary>
/// Counts failed logins per key and locks a key for a while after too many. Memory stays bounded whatever an
/// attacker sends: keys are bounded by the caller (a user name of at most 64 characters, a client address) and at
/// most <see cref="MaxTracked"/> keys are kept, the stalest dropped first.
/// </summary>
public abstract class FailureThrottle(TimeProvider time)
{
    public const int MaxTracked = 10_000;

    private readonly ConcurrentDictionary<string, Attempts> _attempts = new(StringComparer.OrdinalIgnoreCase);

    protected abstract int MaxFailures { get; }

    protected abstract TimeSpan LockFor { get; }

    /// <summary>How many keys are tracked now.</summary>
    public int Count => _attempts.Count;

    public bool IsLockedOut(string key) =>
        _attempts.TryGetValue(key, out var a) && a.LockedUntil > time.GetUtcNow();

    /// <summary>Records a failure; returns true when this failure locks the key.</summary>
    public bool RegisterFailure(string key)
    {
        var now = time.GetUtcNow();
        if (_attempts.Count >= MaxTracked)
        {
            Prune(now);
        }

        var updated = _attempts.AddOrUpdate(
            key,
            _ => new Attempts(1, now, DateTimeOffset.MinValue),
            (_, a) => a.LastFailure < now - LockFor && a.LockedUntil < now
                ? new Attempts(1, now, DateTimeOffset.MinValue)
                : a.Count + 1 >= MaxFailures
                    ? new Attempts(0, now, now + LockFor)
                    : new Attempts(a.Count + 1, now, a.LockedUntil));
        return updated.LockedUntil > now;
    }

    public void Forget(string key) => _attempts.TryRemove(key, out _);

    private void Prune(DateTimeOffset now)
    {
        foreach (var stale in _attempts.Where(p => p.Value.LockedUntil < now && p.Value.LastFailure < now - LockFor))
        {
            _attempts.TryRemove(stale.Key, out _);
        }

        // Still full of fresh keys (a flood of distinct names): drop the oldest quarter.
        if (_attempts.Count >= MaxTracked)
        {
            foreach (var old in _attempts.OrderBy(p => p.Value.LastFailure).Take(MaxTracked / 4).ToList())
            {
                _attempts.TryRemove(old.Key, out _);
            }
        }
    }

    private sealed record Attempts(int Count, DateTimeOffset LastFailure, DateTimeOffset LockedUntil);
}

/// <summary>
/// Counts failed logins for user names that do not exist and "locks" them exactly as Identity locks real
/// accounts, so the login page answers the same whether or not a name exists.
/// </summary>
public sealed class UnknownUserThrottle(IOptions<IdentityOptions> identity, TimeProvider time) : FailureThrottle(time)
{
    protected override int MaxFailures => identity.Value.Lockout.MaxFailedAccessAttempts;

    protected override TimeSpan LockFor => identity.Value.Lockout.DefaultLockoutTimeSpan;
}

/// <summary>
/// Counts failed logins per client address, whatever the user name: one computer guessing across many accounts (or
/// locking them one after another) is stopped after <see cref="MaxFailuresPerAddress"/> failures for 15 minutes (ADR-0009).
/// </summary>
public sealed class ClientAddressThrottle(TimeProvider time) : FailureThrottle(time)
{
    public const int MaxFailuresPerAddress = 10;

    protected override int MaxFailures => MaxFailuresPerAddress;

    protected override TimeSpan LockFor => TimeSpan.FromMinutes(15);
}

/// <summary>
/// Counts wrong passwords typed on a trusted browser (<see cref="TrustedDevices"/>), by the browser's id: three
/// within 15 minutes and the browser is trusted no more until then, however often its cookie is replayed.
/// </summary>
public sealed class DeviceThrottle(TimeProvider time) : FailureThrottle(time)
{
    public const int MaxFailuresPerDevice = 3;

    protected override int MaxFailures => MaxFailuresPerDevice;

    protected override TimeSpan LockFor => TimeSpan.FromMinutes(15);
}
