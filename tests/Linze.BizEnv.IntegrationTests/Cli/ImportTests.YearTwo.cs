using Linze.BizEnv.IntegrationTests.Workflow;
using Linze.BizEnv.Web.Authorization;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Domain.Rectification;
using Microsoft.EntityFrameworkCore;
using static Linze.BizEnv.IntegrationTests.Features.Imports.YearTwo;

namespace Linze.BizEnv.IntegrationTests.Cli;

/// <summary>Importing the next year's version of a list that has progress on it.</summary>
public sealed partial class ImportTests
{
    [Fact]
    public async Task ARemovedProblemIsArchivedWithItsHistoryAndTheOthersKeepTheirOwnProgress()
    {
        using var portal = new BizEnvFactory();
        var ids = await OriginalIdsAsync(portal);
        foreach (var id in ids[..3])
        {
            await portal.ProgressWithEvidenceAsync(id);
        }

        var (exit, output, _) = await RunAsync(portal, "import", Write(Revised()));

        Assert.Equal(0, exit);
        var problems = (await IndicatorOneProblemsAsync(portal)).ToDictionary(p => p.Id);
        Assert.True(problems[ids[0]].IsArchived);
        Assert.Equal(Seal, problems[ids[0]].Text);
        Assert.True(await portal.WithDbAsync(db => db.ProgressEntries.AnyAsync(e => e.ProblemId == ids[0])));
        Assert.Equal((1, Helpers, ProblemStatus.InProgress), (problems[ids[1]].Ordinal, problems[ids[1]].Text, problems[ids[1]].Status));
        Assert.Equal((2, OneNetReworded, ProblemStatus.InProgress), (problems[ids[2]].Ordinal, problems[ids[2]].Text, problems[ids[2]].Status));
        Assert.Equal(100, problems[ids[2]].PercentComplete);
        Assert.True(await portal.WithDbAsync(db => db.ProgressEntries.AnyAsync(e => e.ProblemId == ids[2])));
        Assert.Equal((3, Ukey, ProblemStatus.NotStarted), (problems[ids[3]].Ordinal, problems[ids[3]].Text, problems[ids[3]].Status));
        var added = Assert.Single(problems.Values, p => !ids.Contains(p.Id));
        Assert.Equal((4, Added, ProblemStatus.NotStarted), (added.Ordinal, added.Text, added.Status));

        Assert.Contains("  指标 1“开办企业”：", output, StringComparison.Ordinal);
        Assert.Contains("保留：问题 1（原问题 2）、问题 3（原问题 4）", output, StringComparison.Ordinal);
        Assert.Contains($"改写：问题 2（原问题 3）：“{OneNet}” → “{OneNetReworded}”", output, StringComparison.Ordinal);
        Assert.Contains($"新增：问题 4“{Added}”", output, StringComparison.Ordinal);
        Assert.Contains($"归档：原问题 1“{Seal}”（有整改记录，归档保留）", output, StringComparison.Ordinal);
        Assert.DoesNotContain("指标 2", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARewordedProblemRecordsItsOldTextInTheAuditTrail()
    {
        using var portal = new BizEnvFactory();
        var ids = await OriginalIdsAsync(portal);

        await RunAsync(portal, "import", Write(Revised()));

        var changes = await portal.WithDbAsync(db => db.AuditEntries
            .Where(a => a.EntityType == nameof(Problem) && a.EntityKey == ids[2].ToString(System.Globalization.CultureInfo.InvariantCulture) && a.Changes!.Contains(OneNetReworded))
            .Select(a => a.Changes).ToListAsync());
        Assert.Contains(changes, c => c!.Contains(OneNet, StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheRevisedFileImportedTwiceChangesNothingTheSecondTime()
    {
        using var portal = new BizEnvFactory();
        await portal.ProgressWithEvidenceAsync((await OriginalIdsAsync(portal))[0]);
        var file = Write(UnitRenamed(Revised(), MarketUnit, MarketUnitRenamed));
        await RunAsync(portal, "import", file);
        var before = await SnapshotAsync(portal);
        var problems = await IndicatorOneProblemsAsync(portal);

        var (exit, output, _) = await RunAsync(portal, "import", file);

        Assert.Equal(0, exit);
        Assert.Contains("完全一致，没有任何改动", output, StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync(portal));
        Assert.Equal(problems.Select(p => (p.Id, p.Version)), (await IndicatorOneProblemsAsync(portal)).Select(p => (p.Id, p.Version)));
    }

    [Fact]
    public async Task ADryRunPrintsThePlanAndWritesNothing()
    {
        using var portal = new BizEnvFactory();
        var before = await SnapshotAsync(portal);

        var (exit, output, _) = await RunAsync(portal, "import", Write(UnitRenamed(Revised(), MarketUnit, MarketUnitRenamed)), "--dry-run", "--rename", $"{MarketUnitRenamed}={MarketUnit}");

        Assert.Equal(0, exit);
        Assert.Contains("试导入（未写入）", output, StringComparison.Ordinal);
        Assert.Contains($"改写：问题 2（原问题 3）：“{OneNet}” → “{OneNetReworded}”", output, StringComparison.Ordinal);
        Assert.Contains($"删除：原问题 1“{Seal}”（无整改记录）", output, StringComparison.Ordinal);
        Assert.Contains($"单位：将“{MarketUnit}”改名为“{MarketUnitRenamed}”", output, StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync(portal));
    }

    [Fact]
    public async Task ALookAlikeNameIsANewUnitUnlessTheOfficeChoosesAndTheOldUnitsAccountsAreWarnedOf()
    {
        // Renaming changes the unit in every list and moves its accounts: never done without being asked.
        using var portal = new BizEnvFactory();
        var unitId = await portal.WithDbAsync(db => db.Units.Where(u => u.Name == MarketUnit).Select(u => u.Id).SingleAsync());
        await portal.CreateUserAsync(Roles.Unit, MarketUnit);

        var (exit, output, _) = await RunAsync(portal, "import", Write(UnitRenamed(Seed, MarketUnit, MarketUnitRenamed)), "--dry-run");

        Assert.Equal(0, exit);
        Assert.Contains($"单位：文件中的“{MarketUnitRenamed}”作为新单位", output, StringComparison.Ordinal);
        Assert.Contains($"单位“{MarketUnit}”导入后不再承担", output, StringComparison.Ordinal);
        Assert.Contains($"责任单位：组长单位 增加“{MarketUnitRenamed}” 去掉“{MarketUnit}”", output, StringComparison.Ordinal);
        Assert.Contains("--rename", output, StringComparison.Ordinal);
        Assert.Equal(MarketUnit, await portal.WithDbAsync(db => db.Units.Where(u => u.Id == unitId).Select(u => u.Name).SingleAsync()));
    }

    [Fact]
    public async Task AUnitRenamedInTheFileIsRenamedKeepingItsAccountsAndResponsibilities()
    {
        using var portal = new BizEnvFactory();
        var unitId = await portal.WithDbAsync(db => db.Units.Where(u => u.Name == MarketUnit).Select(u => u.Id).SingleAsync());
        var account = await portal.CreateUserAsync(Roles.Unit, MarketUnit);

        var (exit, output, _) = await RunAsync(portal, "import", Write(UnitRenamed(Seed, MarketUnit, MarketUnitRenamed)), "--rename", $"{MarketUnitRenamed}={MarketUnit}");

        Assert.Equal(0, exit);
        Assert.Contains($"单位：将“{MarketUnit}”改名为“{MarketUnitRenamed}”", output, StringComparison.Ordinal);
        Assert.Equal(MarketUnitRenamed, await portal.WithDbAsync(db => db.Units.Where(u => u.Id == unitId).Select(u => u.Name).SingleAsync()));
        Assert.Equal(27, await portal.WithDbAsync(db => db.Units.CountAsync()));
        Assert.Equal(unitId, await portal.WithDbAsync(db => db.Users.Where(u => u.UserName == account).Select(u => u.UnitId).SingleAsync()));
        Assert.All(await IndicatorOneProblemsAsync(portal), p => Assert.Equal(unitId, p.ResponsibleUnitId));
        Assert.Equal(unitId, await portal.WithDbAsync(db => db.IndicatorUnits.Where(iu => iu.Indicator.Number == 1 && iu.Role == UnitRole.Lead).Select(iu => iu.UnitId).SingleAsync()));
    }

    [Fact]
    public async Task ALookAlikeUnitWhoseOldNameIsStillInTheFileBecomesANewUnitAndTakesOverItsProblems()
    {
        using var portal = new BizEnvFactory();
        var oldId = await portal.WithDbAsync(db => db.Units.Where(u => u.Name == MarketUnit).Select(u => u.Id).SingleAsync());

        var (exit, output, _) = await RunAsync(portal, "import", Write(UnitRenamed(Seed, MarketUnit, MarketUnitRenamed, onlyIndicator: 1)));

        Assert.Equal(0, exit);
        Assert.Contains($"单位：文件中的“{MarketUnitRenamed}”作为新单位", output, StringComparison.Ordinal);
        var newId = await portal.WithDbAsync(db => db.Units.Where(u => u.Name == MarketUnitRenamed).Select(u => u.Id).SingleAsync());
        Assert.NotEqual(oldId, newId);
        Assert.All(await IndicatorOneProblemsAsync(portal), p => Assert.Equal(newId, p.ResponsibleUnitId));
        Assert.True(await portal.WithDbAsync(db => db.IndicatorUnits.AnyAsync(iu => iu.UnitId == oldId)));
    }

    [Fact]
    public async Task AFailureHalfWayThroughTheImportWritesNothing()
    {
        using var portal = new BizEnvFactory();
        await portal.ProgressWithEvidenceAsync((await OriginalIdsAsync(portal))[0]);
        // The database refuses the new problem, the last thing the import writes: after the unit rename, the archive and the rewording.
        await portal.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(TestDatabase.IsPostgreSql
            ? $"""
              CREATE FUNCTION refuse_added() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW."Text" = '{Added}' THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$;
              CREATE TRIGGER refuse_added BEFORE INSERT ON "Problems" FOR EACH ROW EXECUTE FUNCTION refuse_added();
              """
            : $"CREATE TRIGGER refuse_added BEFORE INSERT ON Problems WHEN NEW.Text = '{Added}' BEGIN SELECT RAISE(ABORT, 'refused'); END;"));
        var before = await SnapshotAsync(portal);
        var problems = await IndicatorOneProblemsAsync(portal);

        var (exit, _, error) = await RunAsync(portal, "import", Write(UnitRenamed(Revised(), MarketUnit, MarketUnitRenamed)));

        Assert.Equal(1, exit);
        Assert.Contains("未保存任何更改", error, StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync(portal));
        Assert.Equal(problems.Select(p => (p.Id, p.Ordinal, p.Text, p.IsArchived, p.Version)),
            (await IndicatorOneProblemsAsync(portal)).Select(p => (p.Id, p.Ordinal, p.Text, p.IsArchived, p.Version)));
        Assert.True(await portal.WithDbAsync(db => db.Units.AnyAsync(u => u.Name == MarketUnit)));
    }
}
