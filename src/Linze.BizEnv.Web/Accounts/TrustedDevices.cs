using System.Security.Cryptography;
using System.Text;
using Linze.BizEnv.Web.Domain;
using Microsoft.AspNetCore.DataProtection;

namespace Linze.BizEnv.Web.Accounts;

/// <summary>A browser that signed in before: its id, and the accounts it signed in as (each with its security stamp's tag).</summary>
public sealed record TrustedBrowser(string DeviceId, IReadOnlyList<(string UserId, string StampTag)> Accounts)
{
    public static TrustedBrowser None { get; } = new("", []);

    /// <summary>True when this browser signed in as <paramref name="user"/> since the account's password last changed.</summary>
    public bool Trusts(AppUser user) =>
        DeviceId.Length > 0 && Accounts.Any(a => a.UserId == user.Id && a.StampTag == TrustedDevices.StampTag(user.SecurityStamp));
}

/// <summary>
/// The browsers an account has signed in from (OWASP's "device cookie"): a protected, HttpOnly cookie with a random
/// browser id and the accounts that signed in successfully on it, each tied to the account's security stamp (a
/// password change or reset ends the trust). A lockout caused by someone else's wrong guesses does not stop the owner
/// on such a browser, and neither does the per-address throttle; its own wrong guesses are counted per browser id
/// (<see cref="DeviceThrottle"/>), so a copied or replayed cookie buys no more than three guesses a quarter hour, and
/// a wrong password takes the account off the cookie (ADR-0009).
/// </summary>
public sealed class TrustedDevices(IDataProtectionProvider protection, TimeProvider time)
{
    public const string CookieName = "bizenv.device";
    public const int MaxAccounts = 8;
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(180);

    private readonly IDataProtector _protector = protection.CreateProtector("Linze.BizEnv.TrustedDevices.v2");

    public static string StampTag(string? securityStamp) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(securityStamp ?? "")))[..16];

    /// <summary>This browser as its cookie says; <see cref="TrustedBrowser.None"/> when the cookie is missing, expired or forged.</summary>
    public TrustedBrowser Read(HttpRequest request)
    {
        if (!request.Cookies.TryGetValue(CookieName, out var value) || value.Length > 4000)
        {
            return TrustedBrowser.None;
        }

        try
        {
            var parts = _protector.Unprotect(value).Split('|');
            if (parts.Length < 2 || !long.TryParse(parts[0], out var issued) || DateTimeOffset.FromUnixTimeSeconds(issued) + Lifetime <= time.GetUtcNow())
            {
                return TrustedBrowser.None;
            }

            return new TrustedBrowser(parts[1], [.. parts[2..].Select(p => p.Split(':')).Where(p => p.Length == 2).Select(p => (p[0], p[1]))]);
        }
        catch (CryptographicException)
        {
            return TrustedBrowser.None;
        }
    }

    public void Remember(HttpContext context, AppUser user)
    {
        var browser = Read(context.Request);
        Write(context, browser.DeviceId.Length > 0 ? browser.DeviceId : Guid.NewGuid().ToString("N"),
            [(user.Id, StampTag(user.SecurityStamp)), .. browser.Accounts.Where(a => a.UserId != user.Id).Take(MaxAccounts - 1)]);
    }

    public void Forget(HttpContext context, AppUser user)
    {
        var browser = Read(context.Request);
        if (browser.Accounts.Any(a => a.UserId == user.Id))
        {
            Write(context, browser.DeviceId, [.. browser.Accounts.Where(a => a.UserId != user.Id)]);
        }
    }

    private void Write(HttpContext context, string deviceId, IEnumerable<(string UserId, string StampTag)> accounts)
    {
        var payload = string.Join('|', [time.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), deviceId, .. accounts.Select(a => $"{a.UserId}:{a.StampTag}")]);
        context.Response.Cookies.Append(CookieName, _protector.Protect(payload), new CookieOptions
        {
            HttpOnly = true,
            Secure = context.Request.IsHttps,
            SameSite = SameSiteMode.Strict,
            IsEssential = true,
            MaxAge = Lifetime,
            Path = "/",
        });
    }
}
