using System.Data.Common;
using System.Net;
using Linze.BizEnv.Web.Data;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Domain.Rectification;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Linze.BizEnv.IntegrationTests.Workflow;

/// <summary>A portal that can run a piece of work just before a change is written: another request winning the race.</summary>
public sealed class RacingPortal : BizEnvFactory
{
    public BeforeEntryWrite Hook { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => AddDbInterceptors(services, Hook));
    }

    public sealed class BeforeEntryWrite : DbTransactionInterceptor
    {
        private Func<Task>? _armed;

        /// <summary>
        /// Runs <paramref name="work"/> once, when the next transaction is about to begin: for an entry's change, after
        /// the page checked the entry may change and before the change is written.
        /// </summary>
        public void Arm(Func<Task> work) => _armed = work;

        public override async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(
            DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
        {
            if (Interlocked.Exchange(ref _armed, null) is { } work)
            {
                await work();
            }

            return await base.TransactionStartingAsync(connection, eventData, result, cancellationToken);
        }
    }
}

/// <summary>
/// An entry checked as changeable, then frozen by a 申请销号 saved before the change is written (the attack found both
/// requests succeeding 3 times in 8): the change must be refused and roll back.
/// </summary>
public class EntryFreezeRaceTests(RacingPortal portal) : IClassFixture<RacingPortal>
{
    private async Task<(WebSession Unit, int ProblemId, long EntryId)> EntryWithEvidenceAsync()
    {
        var id = await portal.NewProblemAsync();
        var unit = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Unit, "县市场监管局"));
        var added = await unit.PostMultipartAsync($"/problems/{id}", $"/problems/{id}/entries",
            new() { ["Text"] = "已完成整改。", ["PercentComplete"] = "60" }, ("证明.pdf", Scenario.Pdf));
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var entryId = await portal.WithDbAsync(db => db.ProgressEntries.Where(e => e.ProblemId == id).Select(e => e.Id).SingleAsync());
        return (unit, id, entryId);
    }

    private void SubmitJustBeforeTheWrite(int problemId) => portal.Hook.Arm(() => portal.WithWorkflowAsync(async workflow =>
    {
        var problem = (await workflow.FindProblemAsync(problemId))!;
        await workflow.SubmitForClosureAsync(problem, "已按措施完成整改。", new("racer", "县市场监管局", problem.ResponsibleUnitId));
        return true;
    }));

    [Fact]
    public async Task AnEditRacingASubmissionIsRefusedAndTheSubmittedEntryKeepsItsPercent()
    {
        var (unit, id, entryId) = await EntryWithEvidenceAsync();
        SubmitJustBeforeTheWrite(id);

        var edit = await unit.PostFormAsync($"/entries/{entryId}/edit", $"/entries/{entryId}/edit",
            new() { ["Text"] = "改动", ["Date"] = ChinaTime.FormatDate(ChinaTime.Today(portal.Clock)), ["PercentComplete"] = "1", ["Confirmed"] = "true" });

        Assert.Equal((HttpStatusCode)422, edit.StatusCode);
        Assert.Contains("该进展已随申请销号提交审核", await edit.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var problem = await portal.ProblemAsync(id);
        Assert.Equal(ProblemStatus.SubmittedForClosure, problem.Status);
        Assert.Equal(60, problem.PercentComplete);
        Assert.Equal("已完成整改。", await portal.WithDbAsync(db => db.ProgressEntries.Where(e => e.Id == entryId).Select(e => e.Text).SingleAsync()));
    }

    [Fact]
    public async Task ADeleteRacingASubmissionIsRefusedAndTheEvidenceStays()
    {
        var (unit, id, entryId) = await EntryWithEvidenceAsync();
        SubmitJustBeforeTheWrite(id);

        var delete = await unit.PostFormAsync($"/entries/{entryId}/edit", $"/entries/{entryId}/delete", []);

        Assert.Equal((HttpStatusCode)422, delete.StatusCode);
        Assert.True(await portal.WithDbAsync(db => db.ProgressEntries.AnyAsync(e => e.Id == entryId)));
        Assert.True(await portal.WithDbAsync(db => db.Evidence.AnyAsync(e => e.ProgressEntryId == entryId)));
        Assert.Equal(ProblemStatus.SubmittedForClosure, (await portal.ProblemAsync(id)).Status);
    }
}
