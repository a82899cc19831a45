using System.Text;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Domain.Rectification;
using Linze.BizEnv.Web.Workflow;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Linze.BizEnv.IntegrationTests.Workflow;

/// <summary>Puts problems into a given state through the same service the pages use, for tests of what comes next.</summary>
public static class Scenario
{
    /// <summary>The smallest file the evidence store accepts as a PDF.</summary>
    public static byte[] Pdf { get; } = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

    /// <summary>Adds a fresh problem to an indicator (1: 开办企业, answered for by 县市场监管局), started 30 days ago, due in 60.</summary>
    public static Task<int> NewProblemAsync(this BizEnvFactory portal, int indicatorNumber = 1) => portal.WithDbAsync(async db =>
    {
        var indicator = await db.Indicators.Include(i => i.Units).SingleAsync(i => i.Number == indicatorNumber);
        var ordinal = await db.Problems.Where(p => p.IndicatorId == indicator.Id).MaxAsync(p => (int?)p.Ordinal) ?? 0;
        var lead = indicator.Units.Where(u => u.Role == UnitRole.Lead).OrderBy(u => u.SortOrder).First();
        var problem = Problem.Create(ordinal + 1, "测试问题" + Guid.NewGuid().ToString("N")[..8], lead);
        var today = ChinaTime.Today(portal.Clock);
        problem.SetSchedule(today.AddDays(60), today.AddDays(-30), lead.UnitId);
        indicator.Problems.Add(problem);
        await db.SaveChangesAsync();
        return problem.Id;
    });

    /// <summary>A fresh problem of indicator 1 (县市场监管局) whose 整改时限 passed <paramref name="daysAgo"/> days ago.</summary>
    public static async Task<int> OverdueProblemAsync(this BizEnvFactory portal, int daysAgo, int indicatorNumber = 1)
    {
        var id = await portal.NewProblemAsync(indicatorNumber);
        await portal.WithDbAsync(async db =>
        {
            var problem = await db.Problems.SingleAsync(p => p.Id == id);
            var today = ChinaTime.Today(portal.Clock);
            problem.SetSchedule(today.AddDays(-daysAgo), today.AddDays(-daysAgo - 60), problem.ResponsibleUnitId);
            return await db.SaveChangesAsync();
        });
        return id;
    }

    /// <summary>Signs in a new Leader account bound to the county leader of indicator <paramref name="number"/>.</summary>
    public static async Task<WebSession> LeaderOfAsync(this BizEnvFactory portal, int number)
    {
        var name = await portal.CreateUserAsync(Roles.Leader);
        await portal.WithDbAsync(async db =>
        {
            var leaderId = await db.Indicators.Where(i => i.Number == number).Select(i => i.LeaderId).SingleAsync();
            (await db.Users.SingleAsync(u => u.UserName == name)).LeaderId = leaderId ?? throw new InvalidOperationException($"indicator {number} has no leader");
            return await db.SaveChangesAsync();
        });
        return await portal.SignInAsync(name);
    }

    public static async Task<T> WithWorkflowAsync<T>(this BizEnvFactory portal, Func<RectificationService, Task<T>> work)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<RectificationService>());
    }

    /// <summary>Records progress with a PDF on the problem, as its responsible unit.</summary>
    public static Task<long> ProgressWithEvidenceAsync(this BizEnvFactory portal, int problemId) =>
        portal.ProgressWithFilesAsync(problemId, ("证明.pdf", Pdf));

    /// <summary>Records progress with <paramref name="files"/> on the problem, as its responsible unit.</summary>
    public static Task<long> ProgressWithFilesAsync(this BizEnvFactory portal, int problemId, params (string Name, byte[] Content)[] files) =>
        portal.WithWorkflowAsync(async workflow =>
        {
            var problem = (await workflow.FindProblemAsync(problemId))!;
            var streams = files.Select(f => (f.Name, (Stream)new MemoryStream(f.Content))).ToList();
            var entry = await workflow.AddEntryAsync(problem.IndicatorId, problem, Writer(problem), ChinaTime.Today(portal.Clock), "已完成整改。", 100, streams);
            streams.ForEach(s => s.Item2.Dispose());
            return entry.Id;
        });

    /// <summary>Progress with evidence, then 申请销号.</summary>
    public static async Task SubmittedAsync(this BizEnvFactory portal, int problemId)
    {
        await portal.ProgressWithEvidenceAsync(problemId);
        await portal.WithWorkflowAsync(async workflow =>
        {
            var problem = (await workflow.FindProblemAsync(problemId))!;
            await workflow.SubmitForClosureAsync(problem, "已按措施完成整改。", Writer(problem));
            return true;
        });
    }

    public static Task<long> PendingExtensionAsync(this BizEnvFactory portal, int problemId) =>
        portal.WithWorkflowAsync(async workflow =>
        {
            var problem = (await workflow.FindProblemAsync(problemId))!;
            await workflow.RequestExtensionAsync(problem, problem.DueDate!.Value.AddDays(30), "需要更多时间", Writer(problem));
            return problem.ExtensionRequests.Single(r => r.Status == ExtensionStatus.Pending).Id;
        });

    public static Task<Problem> ProblemAsync(this BizEnvFactory portal, int problemId) =>
        portal.WithDbAsync(db => db.Problems.AsNoTracking().Include(p => p.StatusChanges).Include(p => p.ExtensionRequests).SingleAsync(p => p.Id == problemId));

    private static Writer Writer(Problem problem) => new("scenario", "测试单位", problem.ResponsibleUnitId);
}
