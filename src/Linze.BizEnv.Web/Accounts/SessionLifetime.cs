using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Linze.BizEnv.Web.Data;
using Microsoft.AspNetCore.Identity;

namespace Linze.BizEnv.Web.Accounts;

/// <summary>
/// Session limits (等保 2.0): 30 minutes idle (the cookie's sliding expiry) and 8 hours from sign-in whatever
/// the activity, and never after logging out (the session's id is then refused, ADR-0009), checked here on every
/// request before Identity's security-stamp check.
/// </summary>
public static class SessionLifetime
{
    public static readonly TimeSpan Idle = TimeSpan.FromMinutes(30);
    public static readonly TimeSpan Absolute = TimeSpan.FromHours(8);

    public static async Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        var time = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>();
        if (!context.Properties.Items.TryGetValue(LoginService.SignedInAtKey, out var value)
            || !long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds) > Absolute
            || !context.Properties.Items.TryGetValue(LoginService.SessionIdKey, out var sessionId)
            || sessionId is null
            // Not cancelled with the request: a client that hangs up mid-check is no server error.
            || await LoginService.IsEndedAsync(context.HttpContext.RequestServices.GetRequiredService<BizEnvDbContext>(), sessionId, CancellationToken.None))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            return;
        }

        await SecurityStampValidator.ValidatePrincipalAsync(context);
    }
}
