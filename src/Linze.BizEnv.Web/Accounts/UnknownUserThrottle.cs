using System.Collections.Concurrent;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Linze.BizEnv.Web.Accounts;

/// <summary>
/// Counts failed logins for user names that do not exist and "locks" them exactly as Identity locks real
/// accounts, so the login page answers the same whether or not a name exists.
/// </summary>
public sealed class UnknownUserThrottle(IOptions<IdentityOptions> identity, TimeProvider time)
{
    private const int MaxTracked = 10_000;
    private readonly ConcurrentDictionary<string, Attempts> _attempts = new(StringComparer.OrdinalIgnoreCase);

    public bool IsLockedOut(string userName) =>
        _attempts.TryGetValue(userName, out var a) && a.LockedUntil > time.GetUtcNow();

    /// <summary>Records a failure; returns true when this failure locks the name.</summary>
    public bool RegisterFailure(string userName)
    {
        var lockout = identity.Value.Lockout;
        var now = time.GetUtcNow();
        if (_attempts.Count > MaxTracked)
        {
            foreach (var stale in _attempts.Where(p => p.Value.LockedUntil < now && p.Value.LastFailure < now - lockout.DefaultLockoutTimeSpan))
            {
                _attempts.TryRemove(stale.Key, out _);
            }
        }

        var updated = _attempts.AddOrUpdate(
            userName,
            _ => new Attempts(1, now, DateTimeOffset.MinValue),
            (_, a) => a.Count + 1 >= lockout.MaxFailedAccessAttempts
                ? new Attempts(0, now, now + lockout.DefaultLockoutTimeSpan)
                : new Attempts(a.Count + 1, now, a.LockedUntil));
        return updated.LockedUntil > now;
    }

    private sealed record Attempts(int Count, DateTimeOffset LastFailure, DateTimeOffset LockedUntil);
}
