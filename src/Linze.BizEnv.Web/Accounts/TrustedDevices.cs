using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Linze.BizEnv.Web.Accounts;

/// <summary>
/// The browsers an account has signed in from (OWASP's "device cookie"): a protected, HttpOnly cookie naming the
/// accounts that signed in successfully on this browser. A lockout caused by someone else's wrong guesses does not
/// stop the owner on such a browser, and neither does the per-address throttle; a wrong password typed on it takes the
/// account off the cookie, so it buys a thief of the computer no extra guesses (ADR-0009).
/// </summary>
public sealed class TrustedDevices(IDataProtectionProvider protection, TimeProvider time)
{
    public const string CookieName = "bizenv.device";
    public const int MaxAccounts = 8;
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(180);

    private readonly IDataProtector _protector = protection.CreateProtector("Linze.BizEnv.TrustedDevices.v1");

    /// <summary>The account ids this browser has signed in as; empty when the cookie is missing, expired or forged.</summary>
    public IReadOnlyList<string> Read(HttpRequest request)
    {
        if (!request.Cookies.TryGetValue(CookieName, out var value) || value.Length > 4000)
        {
            return [];
        }

        try
        {
            var parts = _protector.Unprotect(value).Split('|');
            return long.TryParse(parts[0], out var issued) && DateTimeOffset.FromUnixTimeSeconds(issued) + Lifetime > time.GetUtcNow()
                ? parts[1..]
                : [];
        }
        catch (CryptographicException)
        {
            return [];
        }
    }

    public void Remember(HttpContext context, string userId) =>
        Write(context, [userId, .. Read(context.Request).Where(id => id != userId).Take(MaxAccounts - 1)]);

    public void Forget(HttpContext context, string userId)
    {
        var ids = Read(context.Request);
        if (ids.Contains(userId))
        {
            Write(context, [.. ids.Where(id => id != userId)]);
        }
    }

    private void Write(HttpContext context, IReadOnlyList<string> ids)
    {
        var payload = string.Join('|', [time.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), .. ids]);
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
