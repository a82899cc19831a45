using System.Globalization;
using Linze.BizEnv.IntegrationTests.Workflow;
using Linze.BizEnv.Web.Authorization;
using Linze.BizEnv.Web.Cli;
using Linze.BizEnv.Web.Data.Seeding;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Excel;
using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.IntegrationTests.Features.Units;

public class UnitMergeTests
{
    [Fact]
    public async Task MergingTheTwoSpellingsMovesRolesAccountsAndHistoryAndLaterImportsUseTheKeptName()
    {
        using var portal = new BizEnvFactory();
        var (keep, merge) = await portal.WithDbAsync(async db => (
            await db.Units.SingleAsync(u => u.Name == "县金融事务投资中心"),
            await db.Units.SingleAsync(u => u.Name == "县金融投资事务中心")));
        var account = await portal.CreateUserAsync(Roles.Unit, "县金融投资事务中心");
        var admin = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Admin));

        var response = await admin.PostFormAsync("/units", "/units/merge",
            new() { ["keepId"] = keep.Id.ToString(CultureInfo.InvariantCulture), ["mergeId"] = merge.Id.ToString(CultureInfo.InvariantCulture) });

        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("已将“县金融投资事务中心”合并到“县金融事务投资中心”", await admin.GetHtmlAsync("/units"), StringComparison.Ordinal);
        Assert.Equal(26, await portal.WithDbAsync(db => db.Units.CountAsync()));
        var roles = await portal.WithDbAsync(db => db.IndicatorUnits.Where(iu => iu.UnitId == keep.Id).OrderBy(iu => iu.Indicator.Number)
            .Select(iu => new { iu.Indicator.Number, iu.Role }).ToListAsync());
        Assert.Equal([(1, UnitRole.Member), (9, UnitRole.Lead), (10, UnitRole.Lead)], roles.Select(r => (r.Number, r.Role)));
        Assert.Equal(keep.Id, await portal.WithDbAsync(db => db.Users.Where(u => u.UserName == account).Select(u => u.UnitId).SingleAsync()));

        // The seed still says 县金融投资事务中心 in indicator 1: importing it again changes nothing.
        var file = Path.Combine(Path.GetTempPath(), $"merge-{Guid.NewGuid():N}.xlsx");
        try
        {
            await using (var stream = File.Create(file))
            {
                OriginalListExporter.Write(await SeedFile.ReadAsync(RepoPaths.SeedList), stream);
            }

            using var output = new StringWriter();
            using var error = new StringWriter();
            Assert.Equal(0, await CommandLine.RunAsync(portal.Services, ["import", file], output, error));
            Assert.Contains("完全一致，没有任何改动", output.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task WhenBothUnitsHoldARoleTheStrongerRoleIsKeptAndProgressMoves()
    {
        using var portal = new BizEnvFactory();
        var problemId = await portal.NewProblemAsync();
        await portal.ProgressWithEvidenceAsync(problemId);

        var (_, deputy) = await MergeLeadIntoDeputyAsync(portal);

        var one = await portal.WithDbAsync(db => db.IndicatorUnits.Where(iu => iu.Indicator.Number == 1 && iu.UnitId == deputy.Id).Select(iu => iu.Role).SingleAsync());
        Assert.Equal(UnitRole.Lead, one);
        Assert.Equal(deputy.Id, (await portal.ProblemAsync(problemId)).ResponsibleUnitId);
        Assert.True(await portal.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.EntityType == nameof(Problem) && a.Changes!.Contains("ResponsibleUnitId"))));
    }

    [Fact]
    public async Task AFormReadBeforeTheMergeCannotSilentlyHandTheProblemBack()
    {
        using var portal = new BizEnvFactory();
        var problemId = await portal.NewProblemAsync();
        var before = await portal.ProblemAsync(problemId);

        var (_, deputy) = await MergeLeadIntoDeputyAsync(portal);

        await Assert.ThrowsAsync<Web.Workflow.ConcurrencyConflictException>(() => portal.WithWorkflowAsync(async workflow =>
        {
            var problem = (await workflow.FindProblemAsync(problemId))!;
            await workflow.SetScheduleAsync(problem, before.Version, before.DueDate, before.StartDate, deputy.Id);
            return 0;
        }));
        Assert.NotEqual(before.Version, (await portal.ProblemAsync(problemId)).Version);
    }

    [Fact]
    public async Task AUnitCannotBeMergedIntoItself()
    {
        using var portal = new BizEnvFactory();
        var id = await portal.WithDbAsync(db => db.Units.Select(u => u.Id).FirstAsync());
        var admin = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Admin));
        var idText = id.ToString(CultureInfo.InvariantCulture);

        await admin.PostFormAsync("/units", "/units/merge", new() { ["keepId"] = idText, ["mergeId"] = idText });

        Assert.Contains("请选择两个不同的单位", await admin.GetHtmlAsync("/units"), StringComparison.Ordinal);
        Assert.Equal(27, await portal.WithDbAsync(db => db.Units.CountAsync()));
    }

    /// <summary>Merges indicator 1's lead unit (县市场监管局) into its deputy (县公安局), as an Admin on the units page.</summary>
    internal static async Task<(Unit Lead, Unit Deputy)> MergeLeadIntoDeputyAsync(BizEnvFactory portal)
    {
        var (lead, deputy) = await portal.WithDbAsync(async db => (
            await db.Units.SingleAsync(u => u.Name == "县市场监管局"),
            await db.Units.SingleAsync(u => u.Name == "县公安局")));
        var admin = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Admin));
        using var merged = await admin.PostFormAsync("/units", "/units/merge",
            new() { ["keepId"] = deputy.Id.ToString(CultureInfo.InvariantCulture), ["mergeId"] = lead.Id.ToString(CultureInfo.InvariantCulture) });
        Assert.Equal(System.Net.HttpStatusCode.Redirect, merged.StatusCode);
        return (lead, deputy);
    }
}
