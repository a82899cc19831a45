using System.Security.Claims;
using Linze.BizEnv.Web.Data;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Domain.Rectification;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.Web.Authorization;

/// <summary>
/// The one place that decides whether a user may act on a resource (see <see cref="Operations"/>): every signed-in
/// user may read an indicator or a problem; units record progress where they hold a role on the indicator; only the
/// responsible unit answers for a problem; only admins review; leaders and admins write instructions; admins and the indicator's leader 催办 (a unit: a leader where it answers for an open problem of theirs); only its author
/// changes a progress entry; a unit's report is for admins, leaders and the unit itself; admins issue 督办通知单, which admins,
/// leaders and the unit it went to may read; a leader's brief is for admins and that leader.
/// Controllers call <c>IAuthorizationService.AuthorizeAsync(User, resource, operation)</c>; nothing relies on hidden buttons.
/// </summary>
public sealed class ResourceAuthorizationHandler(BizEnvDbContext db) : AuthorizationHandler<OperationAuthorizationRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, OperationAuthorizationRequirement requirement)
    {
        var user = context.User;
        if (user.Identity?.IsAuthenticated != true)
        {
            return;
        }

        var allowed = context.Resource switch
        {
            Indicator indicator => await MayAsync(user, requirement, indicator.Id, null),
            Problem problem => await MayAsync(user, requirement, problem.IndicatorId, problem),
            ProgressEntry entry => requirement.Name switch
            {
                nameof(Operations.ChangeEntry) => entry.AuthorId == user.FindFirstValue(ClaimTypes.NameIdentifier),
                _ => false,
            },
            Unit unit => requirement.Name switch
            {
                nameof(Operations.Urge) => user.IsInRole(Roles.Admin) || (user.IsInRole(Roles.Leader) && user.LeaderId() is { } leaderId
                    && await Domain.Rectification.Urge.OfUnit(db.Problems, unit.Id, leaderId).AnyAsync()),
                nameof(Operations.IssueNotice) => user.IsInRole(Roles.Admin),
                _ => false,
            },
            UnitReport report => requirement.Name switch
            {
                nameof(Operations.ReadReport) => user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Leader) || (user.IsInRole(Roles.Unit) && user.UnitId() == report.UnitId),
                _ => false,
            },
            IssuedNotice notice => requirement.Name switch
            {
                nameof(Operations.ReadNotice) => user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Leader) || (user.IsInRole(Roles.Unit) && user.UnitId() == notice.UnitId),
                _ => false,
            },
            LeaderBrief brief => requirement.Name switch
            {
                nameof(Operations.ReadBrief) => user.IsInRole(Roles.Admin) || (user.IsInRole(Roles.Leader) && user.LeaderId() == brief.LeaderId),
                _ => false,
            },
            _ => false,
        };
        if (allowed)
        {
            context.Succeed(requirement);
        }
    }

    private async Task<bool> MayAsync(ClaimsPrincipal user, OperationAuthorizationRequirement requirement, int indicatorId, Problem? problem)
    {
        if (indicatorId == 0)
        {
            return false;
        }

        var isAdmin = user.IsInRole(Roles.Admin);
        var unitId = user.IsInRole(Roles.Unit) ? user.UnitId() : null;
        var isResponsibleUnit = unitId is not null && problem?.ResponsibleUnitId == unitId;
        return requirement.Name switch
        {
            nameof(Operations.Read) => true,
            nameof(Operations.Review) => isAdmin,
            nameof(Operations.ManageMetrics) => isAdmin,
            nameof(Operations.IssueNotice) => isAdmin,
            nameof(Operations.Instruct) => isAdmin || user.IsInRole(Roles.Leader),
            nameof(Operations.Urge) => isAdmin || (user.IsInRole(Roles.Leader) && user.LeaderId() is { } leaderId
                && await db.Indicators.AnyAsync(i => i.Id == indicatorId && i.LeaderId == leaderId)),
            nameof(Operations.Respond) => isResponsibleUnit,
            nameof(Operations.EditMeasures) => isAdmin || isResponsibleUnit,
            nameof(Operations.RecordReading) => isAdmin || (unitId is not null
                && await db.IndicatorUnits.AnyAsync(iu => iu.IndicatorId == indicatorId && iu.UnitId == unitId && iu.Role == UnitRole.Lead)),
            nameof(Operations.Update) => isAdmin || (unitId is not null
                && await db.IndicatorUnits.AnyAsync(iu => iu.IndicatorId == indicatorId && iu.UnitId == unitId)),
            _ => false,
        };
    }
}
