using System.Globalization;
using System.Security.Claims;

namespace Linze.BizEnv.Web.Authorization;

public static class ClaimsPrincipalExtensions
{
    public static int? UnitId(this ClaimsPrincipal user) =>
        int.TryParse(user.FindFirstValue(BizEnvClaims.UnitId), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    /// <summary>The county leader a Leader-role user is linked to, if any.</summary>
    public static int? LeaderId(this ClaimsPrincipal user) =>
        int.TryParse(user.FindFirstValue(BizEnvClaims.LeaderId), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    public static string? UnitName(this ClaimsPrincipal user) => user.FindFirstValue(BizEnvClaims.UnitName);

    /// <summary>
    /// The person's display name; for a unit's account without one, the unit (its login name is often the unit's name
    /// or a code, and "县自然资源局（县自然资源局）" reads as a mistake); else the login name.
    /// </summary>
    public static string? ShownName(this ClaimsPrincipal user) =>
        user.FindFirstValue(BizEnvClaims.DisplayName) ?? user.UnitName() ?? user.Identity?.Name;

    public static bool MustChangePassword(this ClaimsPrincipal user) => user.HasClaim(BizEnvClaims.MustChangePassword, "true");
}
