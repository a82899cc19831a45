using System.Security.Claims;
using Linze.BizEnv.Web.Authorization;
using Linze.BizEnv.Web.Data;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Domain.Rectification;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Linze.BizEnv.Web.Features.Work;

/// <summary>
/// What waits for the signed-in user, as the menu's badges and a unit's home page show it. <see cref="Review"/>: for the
/// county office, submissions for 销号 and extension requests waiting; <see cref="MyWork"/>: for a unit, the open problems
/// it answers for that are returned, have an unanswered 批示 or 催办, are overdue or due soon, plus 批示 on indicators it leads;
/// <see cref="Unread"/>: for everyone, unread messages (the bell).
/// </summary>
public sealed record Waiting(int Review, int MyWork, int Returned, int Instructions, int Unread = 0);

/// <summary>
/// Counts what waits with a fixed number of aggregate queries (two for the office, three for a unit) whatever the size
/// of the data, once per request: the layout and the home page share the answer.
/// </summary>
public sealed class WaitingWork(BizEnvDbContext db, TimeProvider time, IOptions<TrafficLightOptions> lights, ILogger<WaitingWork> logger)
{
    private Task<Waiting?>? _counted;

    public Task<Waiting?> ForAsync(ClaimsPrincipal user, CancellationToken ct = default) => _counted ??= CountAsync(user, ct);

    private async Task<Waiting?> CountAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        try
        {
            var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
            var unread = userId is null ? 0 : await db.NotificationRecipients.CountAsync(r => r.UserId == userId && r.ReadAtUtc == null, ct);
            if (user.IsInRole(Roles.Admin))
            {
                var submitted = await db.Problems.CountAsync(p => p.Status == ProblemStatus.SubmittedForClosure, ct);
                var extensions = await db.ExtensionRequests.CountAsync(r => r.Status == ExtensionStatus.Pending && !r.Problem.IsArchived, ct);
                return new Waiting(submitted + extensions, 0, 0, 0, unread);
            }

            if (user.IsInRole(Roles.Unit) && user.UnitId() is { } unitId)
            {
                return await ForUnitAsync(unitId, ct) with { Unread = unread };
            }

            return new Waiting(0, 0, 0, 0, unread);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The menu never breaks a page (an error page included); the figures are shown again on the next one.
            logger.LogWarning(ex, "Counting the work waiting for {User} failed", user.Identity?.Name);
        }

        return null;
    }

    private async Task<Waiting> ForUnitAsync(int unitId, CancellationToken ct)
    {
        var dueSoon = ChinaTime.Today(time).AddDays(lights.Value.DueSoonDays);
        var open = db.Problems.Where(p => p.ResponsibleUnitId == unitId && p.Status != ProblemStatus.Closed);
        var returned = await open.CountAsync(p => p.Status == ProblemStatus.InProgress && p.ReturnReason != null, ct);
        var needAction = await open.CountAsync(p =>
            (p.Status == ProblemStatus.InProgress && p.ReturnReason != null)
            || (p.Status != ProblemStatus.SubmittedForClosure && p.DueDate != null && p.DueDate <= dueSoon)
            || db.Instructions.Any(i => i.ProblemId == p.Id && i.AnsweredByEntryId == null)
            || db.Urges.Any(u => u.ProblemId == p.Id && u.AnsweredByEntryId == null), ct);
        // Open 批示: on the unit's open problems, and on indicators without problems that it leads.
        var instructions = await db.Instructions
            .Where(i => i.AnsweredByEntryId == null && (i.ProblemId != null
                ? open.Any(p => p.Id == i.ProblemId)
                : db.IndicatorUnits.Any(iu => iu.IndicatorId == i.IndicatorId && iu.UnitId == unitId && iu.Role == UnitRole.Lead)))
            .GroupBy(i => i.ProblemId == null)
            .Select(g => new { OnIndicator = g.Key, Count = g.Count() })
            .ToListAsync(ct);
        return new Waiting(0, needAction + instructions.Where(c => c.OnIndicator).Sum(c => c.Count), returned, instructions.Sum(c => c.Count));
    }
}
