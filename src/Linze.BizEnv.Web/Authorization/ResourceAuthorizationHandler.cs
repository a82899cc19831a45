using Linze.BizEnv.Web.Data;
using Linze.BizEnv.Web.Domain;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.Web.Authorization;

/// <summary>
/// The one place that decides whether a user may act on an indicator or a problem (see <see cref="Operations"/>):
/// every signed-in user may read; units record progress where they hold a role on the indicator; only the
/// responsible unit answers for a problem; only admins review; leaders and admins write instructions.
/// Controllers call <c>IAuthorizationService.AuthorizeAsync(User, resource, operation)</c>; nothing relies on hidden buttons.
/// </summary>
public sealed class ResourceAuthorizationHandler(BizEnvDbContext db) : AuthorizationHandler<OperationAuthorizationRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, OperationAuthorizationRequirement requirement)
    {
        var user = context.User;
        var (indicatorId, problem) = context.Resource switch
        {
            Indicator indicator => (indicator.Id, (Problem?)null),
            Problem p => (p.IndicatorId, p),
            _ => (0, null),
        };
        if (indicatorId == 0 || user.Identity?.IsAuthenticated != true)
        {
            return;
        }

        var isAdmin = user.IsInRole(Roles.Admin);
        var unitId = user.IsInRole(Roles.Unit) ? user.UnitId() : null;
        var isResponsibleUnit = unitId is not null && problem?.ResponsibleUnitId == unitId;
        var allowed = requirement.Name switch
        {
            nameof(Operations.Read) => true,
            nameof(Operations.Review) => isAdmin,
            nameof(Operations.Instruct) => isAdmin || user.IsInRole(Roles.Leader),
            nameof(Operations.Respond) => isResponsibleUnit,
            nameof(Operations.EditMeasures) => isAdmin || isResponsibleUnit,
            nameof(Operations.Update) => isAdmin || (unitId is not null
                && await db.IndicatorUnits.AnyAsync(iu => iu.IndicatorId == indicatorId && iu.UnitId == unitId)),
            _ => false,
        };
        if (allowed)
        {
            context.Succeed(requirement);
        }
    }
}
