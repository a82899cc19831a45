namespace Linze.BizEnv.Tests;

/// <summary>A clock the tests move by hand (lockout windows, session timeouts, audit retention). Timers stay real.</summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
