using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.IntegrationTests.Data;

/// <summary>
/// The SQL Server translation check every test portal carries (<see cref="SqlServerTranslationCheck"/>): no SQL Server
/// runs here, yet a query it could not translate fails the test that runs it.
/// </summary>
public class SqlServerTranslationTests(BizEnvFactory portal) : IClassFixture<BizEnvFactory>
{
    [Fact]
    public async Task EveryQueryAPortalCompilesIsTranslatedForSqlServerFirst()
    {
        var before = BizEnvFactory.SqlServerCheck.Translated;

        // A shape no other test runs, so it is compiled (and translated) here.
        var names = await portal.WithDbAsync(db => db.Leaders.Where(l => l.Name.Contains("周") && l.Id > -17).OrderBy(l => l.Name).Select(l => l.Name + "（翻译检查）").ToListAsync());

        Assert.NotEmpty(names);
        Assert.True(BizEnvFactory.SqlServerCheck.Translated > before, "the query was not translated for SQL Server");
    }

    [SqliteOnlyFact("EF.Functions.Glob is SQLite's own function: a query SQLite runs and SQL Server cannot translate (PostgreSQL cannot either)")]
    public async Task AQuerySqliteRunsButSqlServerCannotTranslateFails()
    {
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            portal.WithDbAsync(db => db.Units.CountAsync(u => EF.Functions.Glob(u.Name, "县*"))));

        Assert.StartsWith("SQL Server cannot translate this query", refused.Message, StringComparison.Ordinal);
    }
}
