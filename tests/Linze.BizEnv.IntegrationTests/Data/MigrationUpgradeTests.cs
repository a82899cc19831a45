using Linze.BizEnv.Web.Data;
using Linze.BizEnv.Web.Domain.Rectification;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Linze.BizEnv.IntegrationTests.Data;

public sealed class MigrationUpgradeTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"bizenv-upgrade-{Guid.NewGuid():N}.db");

    [SqliteOnlyFact("PostgreSQL's migrations start at the current model (one initial migration): there is no older PostgreSQL database to upgrade")]
    public async Task UpgradingADatabaseFromBeforeTheWorkflowGivesItsProblemsAStatusAResponsibleUnitAndAStart()
    {
        await using var db = new SqliteBizEnvDbContext(new DbContextOptionsBuilder<SqliteBizEnvDbContext>().UseSqlite($"Data Source={_file}").Options);
        var beforeWorkflow = db.Database.GetMigrations().Single(m => m.EndsWith("_AccountsAndAudit", StringComparison.Ordinal));
        await db.GetService<IMigrator>().MigrateAsync(beforeWorkflow);
        await db.Database.ExecuteSqlRawAsync("""
            INSERT INTO ResponsibilityLists (Title, IssuingOffice, IssueDate, Year, IsArchived) VALUES ('旧清单', '县政府办公室', '2022-06-24', 2022, 0);
            INSERT INTO Units (Name) VALUES ('甲局'), ('乙局');
            INSERT INTO Indicators (ListId, Number, Name, ProvinceBest, LeaderId) VALUES (1, 1, '开办企业', '', NULL);
            INSERT INTO IndicatorUnits (IndicatorId, UnitId, Role, SortOrder) VALUES (1, 1, 2, 1), (1, 2, 1, 1);
            INSERT INTO Problems (IndicatorId, Ordinal, Text) VALUES (1, 1, '旧问题');
            """);

        await db.Database.MigrateAsync();

        var problem = await db.Problems.AsNoTracking().SingleAsync();
        Assert.Equal(ProblemStatus.NotStarted, problem.Status);
        Assert.Equal(2, problem.ResponsibleUnitId); // 乙局, the lead unit
        Assert.Equal(new DateOnly(2022, 6, 24), problem.StartDate);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_file + suffix);
        }
    }
}
