using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.IntegrationTests.Reliability;

/// <summary>
/// Two instances started at the same moment on a database that does not exist yet: one migrates and seeds, the other
/// waits for it (ADR-0020). They once both migrated (a column "already exists") or both seeded (a duplicate leader) and
/// one of them died.
/// </summary>
public sealed class ConcurrentStartTests
{
    [PostgreSqlOnlyFact("on SQLite two processes on one file wait on the migration's file lock; the server database is where instances start together")]
    public async Task TwoInstancesStartingTogetherOnANewDatabaseBothStartAndSeedItOnce()
    {
        var name = TestDatabase.NewName();
        try
        {
            using var a = new BizEnvFactory(name);
            using var b = new BizEnvFactory(name);

            await Task.WhenAll(Task.Run(() => a.CreateClient()), Task.Run(() => b.CreateClient()));

            Assert.Equal("Healthy", await a.CreateBareClient().GetStringAsync(new Uri("/healthz", UriKind.Relative)));
            Assert.Equal("Healthy", await b.CreateBareClient().GetStringAsync(new Uri("/healthz", UriKind.Relative)));
            Assert.Equal(1, await a.WithDbAsync(db => db.Lists.CountAsync()));
            Assert.Equal(5, await a.WithDbAsync(db => db.Leaders.CountAsync()));
        }
        finally
        {
            TestDatabase.Drop(name);
        }
    }
}
