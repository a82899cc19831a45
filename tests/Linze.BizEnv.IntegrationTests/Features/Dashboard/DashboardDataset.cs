using Linze.BizEnv.Web.Data;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Domain.Rectification;
using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.IntegrationTests.Features.Dashboard;

/// <summary>
/// A known state of the seeded 2022 list (18 indicators, 44 problems), relative to the portal's clock. Every problem
/// starts 10 days ago and is due in 60 (绿灯, not started), except:
/// 1-1 整改中 at 40 %, due 3 days ago (红灯); 1-2 due in 2 days (黄灯);
/// 2-1 closed on time; 2-2 closed after its due date; 3-1 申请销号.
/// Progress entries: indicator 1's unit reported 2 days ago, indicator 3's unit 45 days ago; nobody else ever.
/// </summary>
public static class DashboardDataset
{
    public const int Problems = 44;

    public static async Task ApplyAsync(BizEnvFactory portal)
    {
        var now = portal.Clock.GetUtcNow().UtcDateTime;
        var today = ChinaTime.Today(portal.Clock);
        await portal.WithDbAsync(async db =>
        {
            var problems = await db.Problems.Include(p => p.Indicator).ToListAsync();
            foreach (var p in problems)
            {
                p.SetSchedule(today.AddDays(60), today.AddDays(-10), p.ResponsibleUnitId);
            }

            Problem At(int indicator, int ordinal) => problems.Single(p => p.Indicator.Number == indicator && p.Ordinal == ordinal);

            var overdue = At(1, 1);
            overdue.SetSchedule(today.AddDays(-3), today.AddDays(-10), overdue.ResponsibleUnitId);
            overdue.RecordProgress(40, "dataset", now);

            var dueSoon = At(1, 2);
            dueSoon.SetSchedule(today.AddDays(2), today.AddDays(-10), dueSoon.ResponsibleUnitId);

            Close(At(2, 1), now);
            var late = At(2, 2);
            late.SetSchedule(today.AddDays(-5), today.AddDays(-10), late.ResponsibleUnitId);
            Close(late, now);

            var submitted = At(3, 1);
            submitted.RecordProgress(100, "dataset", now);
            submitted.SubmitForClosure("整改已完成。", hasEvidence: true, "dataset", now);

            db.ProgressEntries.Add(Entry(overdue, now.AddDays(-2)));
            db.ProgressEntries.Add(Entry(submitted, now.AddDays(-45)));
            await db.SaveChangesAsync();
            return true;
        });
    }

    /// <summary>The id and name of the unit answering for problem <paramref name="indicator"/>-1 (its lead unit).</summary>
    public static Task<(int Id, string Name)> UnitOfAsync(BizEnvFactory portal, int indicator) => portal.WithDbAsync(db =>
        db.Problems.Where(p => p.Indicator.Number == indicator && p.Ordinal == 1)
            .Select(p => new ValueTuple<int, string>(p.ResponsibleUnit!.Id, p.ResponsibleUnit.Name)).SingleAsync());

    public static Task<int> ProblemIdAsync(BizEnvFactory portal, int indicator, int ordinal) => portal.WithDbAsync(db =>
        db.Problems.Where(p => p.Indicator.Number == indicator && p.Ordinal == ordinal).Select(p => p.Id).SingleAsync());

    public static Task<int> ProblemsAnsweredByAsync(BizEnvFactory portal, int unitId) =>
        portal.WithDbAsync(db => db.Problems.CountAsync(p => p.ResponsibleUnitId == unitId));

    private static void Close(Problem problem, DateTime now)
    {
        problem.RecordProgress(100, "dataset", now);
        problem.SubmitForClosure("整改已完成。", hasEvidence: true, "dataset", now);
        problem.ApproveClosure(null, "dataset", now);
    }

    private static ProgressEntry Entry(Problem problem, DateTime at) => new()
    {
        IndicatorId = problem.IndicatorId,
        ProblemId = problem.Id,
        UnitId = problem.ResponsibleUnitId,
        AuthorId = "dataset",
        AuthorName = "dataset",
        Date = DateOnly.FromDateTime(ChinaTime.From(at)),
        Text = "整改进展",
        CreatedAtUtc = at,
    };
}
