using System.Net;
using Linze.BizEnv.Web.Data;
using Linze.BizEnv.Web.Data.Auditing;
using Linze.BizEnv.Web.Domain;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.Web.Accounts;

public enum LoginOutcome
{
    Succeeded,
    Failed,
    LockedOut,
    Disabled,

    /// <summary>This client address failed too often, whatever the names it tried (ADR-0009).</summary>
    AddressThrottled,
}

/// <summary>Where a login comes from: its address and what its browser's device cookie says.</summary>
public sealed record LoginClient(IPAddress? Address, TrustedBrowser Browser)
{
    /// <summary>
    /// The address the throttle counts: an IPv4 address as itself (also when written as IPv6), an IPv6 address by its
    /// /64 network, which one client can change at will.
    /// </summary>
    public string AddressKey => Address switch
    {
        null => "unknown",
        { IsIPv4MappedToIPv6: true } mapped => mapped.MapToIPv4().ToString(),
        { AddressFamily: System.Net.Sockets.AddressFamily.InterNetworkV6 } v6 => Convert.ToHexString(v6.GetAddressBytes(), 0, 8) + "::/64",
        var v4 => v4.ToString(),
    };
}

/// <summary>
/// Signs users in and out with lockout on failure, and writes each sign-in event to the audit trail.
/// Unknown user names fail and lock exactly like real ones (<see cref="UnknownUserThrottle"/>); a client address that
/// keeps failing is throttled across names (<see cref="ClientAddressThrottle"/>); an account's own browser gets past
/// a lockout that someone else caused (<see cref="TrustedDevices"/>); logging out ends the session on the server.
/// </summary>
public sealed class LoginService(
    UserManager<AppUser> users,
    SignInManager<AppUser> signIn,
    UnknownUserThrottle unknownUsers,
    ClientAddressThrottle addresses,
    DeviceThrottle devices,
    BizEnvDbContext db,
    AuditTrail audit,
    TimeProvider time)
{
    /// <summary>The sign-in time, kept in the cookie so the 8-hour absolute limit survives sliding renewals.</summary>
    public const string SignedInAtKey = "bizenv.signed_in_at";

    /// <summary>The session's id, kept in the cookie; a logged-out session's id is refused from then on.</summary>
    public const string SessionIdKey = "bizenv.session";

    private static string? s_dummyHash;

    public async Task<(LoginOutcome Outcome, AppUser? User)> LoginAsync(string userName, string password, LoginClient client, CancellationToken ct = default)
    {
        userName = userName.Trim();
        var normalized = users.NormalizeName(userName);
        var user = await users.Users.Include(u => u.Unit).SingleOrDefaultAsync(u => u.NormalizedUserName == normalized, ct);
        var trusted = user is not null && client.Browser.Trusts(user) && !devices.IsLockedOut(client.Browser.DeviceId);
        if (!trusted && addresses.IsLockedOut(client.AddressKey))
        {
            await audit.RecordAsync(AuditAction.LoginFailed, userName, user, ct);
            return (LoginOutcome.AddressThrottled, null);
        }

        if (user is null)
        {
            if (unknownUsers.IsLockedOut(userName))
            {
                addresses.RegisterFailure(client.AddressKey);
                await audit.RecordAsync(AuditAction.LoginFailed, userName, null, ct);
                return (LoginOutcome.LockedOut, null);
            }

            // Spend the time a real check would, so response times do not tell which names exist.
            s_dummyHash ??= users.PasswordHasher.HashPassword(new AppUser(), PasswordGenerator.Create());
            users.PasswordHasher.VerifyHashedPassword(new AppUser(), s_dummyHash, password);
            addresses.RegisterFailure(client.AddressKey);
            var locked = unknownUsers.RegisterFailure(userName);
            await audit.RecordAsync(locked ? AuditAction.LockedOut : AuditAction.LoginFailed, userName, null, ct);
            return (locked ? LoginOutcome.LockedOut : LoginOutcome.Failed, null);
        }

        var wasLocked = await users.IsLockedOutAsync(user);
        if (wasLocked && trusted)
        {
            // The owner's own browser: the right password lifts a lock that guesses from elsewhere set.
            if (await users.CheckPasswordAsync(user, password))
            {
                await users.SetLockoutEndDateAsync(user, null);
                await users.ResetAccessFailedCountAsync(user);
                return await FinishAsync(userName, user, ct);
            }

            // Counted like any failure, and per browser, so a replayed cookie gets three guesses a quarter hour.
            devices.RegisterFailure(client.Browser.DeviceId);
            await users.AccessFailedAsync(user);
            return (await FailAsync(userName, user, wasLocked, client, ct), user);
        }

        var result = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        if (!result.Succeeded)
        {
            if (trusted)
            {
                devices.RegisterFailure(client.Browser.DeviceId);
            }

            return (await FailAsync(userName, user, wasLocked, client, ct), user);
        }

        return await FinishAsync(userName, user, ct);
    }

    private async Task<LoginOutcome> FailAsync(string userName, AppUser user, bool wasLocked, LoginClient client, CancellationToken ct)
    {
        addresses.RegisterFailure(client.AddressKey);
        var lockedNow = await users.IsLockedOutAsync(user);
        await audit.RecordAsync(lockedNow && !wasLocked ? AuditAction.LockedOut : AuditAction.LoginFailed, userName, user, ct);
        return lockedNow ? LoginOutcome.LockedOut : LoginOutcome.Failed;
    }

    private async Task<(LoginOutcome, AppUser?)> FinishAsync(string userName, AppUser user, CancellationToken ct)
    {
        if (user.IsDisabled)
        {
            await audit.RecordAsync(AuditAction.LoginFailed, userName, user, ct);
            return (LoginOutcome.Disabled, user);
        }

        var now = time.GetUtcNow();
        user.LastLoginAtUtc = now.UtcDateTime;
        await users.UpdateAsync(user);
        var properties = new AuthenticationProperties { IsPersistent = false };
        properties.Items[SignedInAtKey] = now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        properties.Items[SessionIdKey] = Guid.NewGuid().ToString("N");
        await signIn.SignInAsync(user, properties);
        await audit.RecordAsync(AuditAction.Login, userName, user, ct);
        return (LoginOutcome.Succeeded, user);
    }

    public async Task LogoutAsync(System.Security.Claims.ClaimsPrincipal principal, CancellationToken ct = default)
    {
        var user = await users.GetUserAsync(principal);
        await EndCurrentSessionAsync(ct);
        if (user is not null)
        {
            await audit.RecordAsync(AuditAction.Logout, user.UserName, user, ct);
        }
    }

    /// <summary>
    /// Wrong current passwords typed in a signed-in session locked the account: that session may be a stolen one, so it
    /// ends now and the account's other sessions at their next check (a new security stamp, within a minute).
    /// </summary>
    public async Task EndSessionsAfterLockoutAsync(AppUser user, CancellationToken ct = default)
    {
        await users.UpdateSecurityStampAsync(user);
        await EndCurrentSessionAsync(ct);
        await audit.RecordAsync(AuditAction.LockedOut, user.UserName, user, ct);
    }

    /// <summary>Whether a session was ended by logging out; checked on every request (<see cref="SessionLifetime"/>).</summary>
    public static Task<bool> IsEndedAsync(BizEnvDbContext db, string sessionId, CancellationToken ct = default) =>
        db.EndedSessions.AnyAsync(s => s.Id == sessionId, ct);

    private async Task EndCurrentSessionAsync(CancellationToken ct)
    {
        var current = await signIn.Context.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        await signIn.SignOutAsync();
        if (current.Properties?.Items.TryGetValue(SessionIdKey, out var id) == true && id is { Length: EndedSession.IdLength })
        {
            var now = time.GetUtcNow().UtcDateTime;
            await db.EndedSessions.Where(s => s.ExpiresAtUtc < now).ExecuteDeleteAsync(ct);
            if (!await IsEndedAsync(db, id, ct))
            {
                db.EndedSessions.Add(new EndedSession { Id = id, ExpiresAtUtc = now + SessionLifetime.Absolute });
                await db.SaveChangesAsync(ct);
            }
        }
    }
}
