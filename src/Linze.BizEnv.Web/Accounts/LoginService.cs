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
}

/// <summary>
/// Signs users in and out with lockout on failure, and writes each sign-in event to the audit trail.
/// Unknown user names fail and lock exactly like real ones (<see cref="UnknownUserThrottle"/>).
/// </summary>
public sealed class LoginService(
    UserManager<AppUser> users,
    SignInManager<AppUser> signIn,
    UnknownUserThrottle unknownUsers,
    AuditTrail audit,
    TimeProvider time)
{
    /// <summary>The sign-in time, kept in the cookie so the 8-hour absolute limit survives sliding renewals.</summary>
    public const string SignedInAtKey = "bizenv.signed_in_at";

    private static string? s_dummyHash;

    public async Task<LoginOutcome> LoginAsync(string userName, string password, CancellationToken ct = default)
    {
        userName = userName.Trim();
        var normalized = users.NormalizeName(userName);
        var user = await users.Users.Include(u => u.Unit).SingleOrDefaultAsync(u => u.NormalizedUserName == normalized, ct);
        if (user is null)
        {
            if (unknownUsers.IsLockedOut(userName))
            {
                await audit.RecordAsync(AuditAction.LoginFailed, userName, null, ct);
                return LoginOutcome.LockedOut;
            }

            // Spend the time a real check would, so response times do not tell which names exist.
            s_dummyHash ??= users.PasswordHasher.HashPassword(new AppUser(), PasswordGenerator.Create());
            users.PasswordHasher.VerifyHashedPassword(new AppUser(), s_dummyHash, password);
            var locked = unknownUsers.RegisterFailure(userName);
            await audit.RecordAsync(locked ? AuditAction.LockedOut : AuditAction.LoginFailed, userName, null, ct);
            return locked ? LoginOutcome.LockedOut : LoginOutcome.Failed;
        }

        var wasLocked = await users.IsLockedOutAsync(user);
        var result = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            await audit.RecordAsync(wasLocked ? AuditAction.LoginFailed : AuditAction.LockedOut, userName, user, ct);
            return LoginOutcome.LockedOut;
        }

        if (!result.Succeeded)
        {
            await audit.RecordAsync(AuditAction.LoginFailed, userName, user, ct);
            return LoginOutcome.Failed;
        }

        if (user.IsDisabled)
        {
            await audit.RecordAsync(AuditAction.LoginFailed, userName, user, ct);
            return LoginOutcome.Disabled;
        }

        var now = time.GetUtcNow();
        user.LastLoginAtUtc = now.UtcDateTime;
        await users.UpdateAsync(user);
        var properties = new AuthenticationProperties { IsPersistent = false };
        properties.Items[SignedInAtKey] = now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        await signIn.SignInAsync(user, properties);
        await audit.RecordAsync(AuditAction.Login, userName, user, ct);
        return LoginOutcome.Succeeded;
    }

    public async Task LogoutAsync(System.Security.Claims.ClaimsPrincipal principal, CancellationToken ct = default)
    {
        var user = await users.GetUserAsync(principal);
        await signIn.SignOutAsync();
        if (user is not null)
        {
            await audit.RecordAsync(AuditAction.Logout, user.UserName, user, ct);
        }
    }
}
