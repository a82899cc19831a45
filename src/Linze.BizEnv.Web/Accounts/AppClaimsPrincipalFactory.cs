using System.Globalization;
using System.Security.Claims;
using Linze.BizEnv.Web.Authorization;
using Linze.BizEnv.Web.Data;
using Linze.BizEnv.Web.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Linze.BizEnv.Web.Accounts;

/// <summary>Adds the user's unit, linked leader, display name and pending password change to the sign-in cookie.</summary>
public sealed class AppClaimsPrincipalFactory(
    UserManager<AppUser> userManager,
    RoleManager<IdentityRole> roleManager,
    IOptions<IdentityOptions> options,
    BizEnvDbContext db)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole>(userManager, roleManager, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (user.UnitId is { } unitId)
        {
            identity.AddClaim(new Claim(BizEnvClaims.UnitId, unitId.ToString(CultureInfo.InvariantCulture)));
            var unitName = await db.Units.Where(u => u.Id == unitId).Select(u => u.Name).SingleOrDefaultAsync();
            if (unitName is not null)
            {
                identity.AddClaim(new Claim(BizEnvClaims.UnitName, unitName));
            }
        }

        if (user.LeaderId is { } leaderId)
        {
            identity.AddClaim(new Claim(BizEnvClaims.LeaderId, leaderId.ToString(CultureInfo.InvariantCulture)));
        }

        if (!string.IsNullOrEmpty(user.DisplayName))
        {
            identity.AddClaim(new Claim(BizEnvClaims.DisplayName, user.DisplayName));
        }

        if (user.MustChangePassword)
        {
            identity.AddClaim(new Claim(BizEnvClaims.MustChangePassword, "true"));
        }

        return identity;
    }
}
