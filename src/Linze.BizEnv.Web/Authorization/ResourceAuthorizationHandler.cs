using Linze.BizEnv.Web.Data;
using Linze.BizEnv.Web.Domain;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.Web.Authorization;

/// <summary>
/// The one place that decides whether a user may act on an indicator or a problem: admins may do anything;
/// every signed-in user may read; a Unit user may update where its unit holds a role on the indicator;
/// Leaders and Viewers never write. Controllers call <c>IAuthorizationService.AuthorizeAsync(User, resource, op)</c>.
/// </summary>
public sealed class ResourceAuthorizationHandler(BizEnvDbContext db) : AuthorizationHandler<OperationAuthorizationRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, OperationAuthorizationRequirement requirement)
    {
        var indicatorId = context.Resource switch
        {
            Indicator indicator => indicator.Id,
            Problem problem => problem.IndicatorId,
            _ => (int?)null,
        };
        if (indicatorId is null || context.User.Identity?.IsAuthenticated != true)
        {
            return;
        }

        if (context.User.IsInRole(Roles.Admin) || requirement == Operations.Read)
        {
            context.Succeed(requirement);
            return;
        }

        if (requirement == Operations.Update && context.User.IsInRole(Roles.Unit) && context.User.UnitId() is { } unitId
            && await db.IndicatorUnits.AnyAsync(iu => iu.IndicatorId == indicatorId && iu.UnitId == unitId))
        {
            context.Succeed(requirement);
        }
    }
}
