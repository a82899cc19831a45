using System.Net;
using Linze.BizEnv.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Linze.BizEnv.IntegrationTests.Data;

[Collection(SeededPortal.Name)]
public class SqliteDatabaseTests(BizEnvFactory portal)
{
    [SqliteOnlyFact("WAL is a mode of a SQLite database file")]
    public async Task DatabaseFileIsCreatedOnFirstUseInWalMode()
    {
        _ = portal.CreateClient();
        Assert.True(File.Exists(portal.DatabaseFile));
        var mode = await portal.WithDbAsync(db => db.Database.SqlQueryRaw<string>("PRAGMA journal_mode").ToListAsync());
        Assert.Equal("wal", Assert.Single(mode));
    }

    [SqliteOnlyFact("busy_timeout and synchronous are SQLite pragmas; PostgreSQL writers wait on row locks")]
    public async Task EveryConnectionHasTheBusyTimeoutEvenWhenThePoolHandsItOutAgain()
    {
        _ = portal.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            var (timeout, synchronous) = await portal.WithDbAsync(async db =>
                (Assert.Single(await db.Database.SqlQueryRaw<int>("PRAGMA busy_timeout").ToListAsync()),
                 Assert.Single(await db.Database.SqlQueryRaw<int>("PRAGMA synchronous").ToListAsync())));
            Assert.Equal(30_000, timeout);
            Assert.Equal(1, synchronous); // NORMAL
        }

        // A connection of its own (no pool) gets them too.
        await using var scope = portal.Services.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<Linze.BizEnv.Web.Data.BizEnvDbContext>();
        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(context.Database.GetConnectionString()) { Pooling = false };
        context.Database.SetConnectionString(builder.ToString());
        Assert.Equal(30_000, Assert.Single(await context.Database.SqlQueryRaw<int>("PRAGMA busy_timeout").ToListAsync()));
    }

    [Fact]
    public async Task FortyUsersSavingAtOnceAllSucceed()
    {
        _ = portal.CreateClient();
        var names = Enumerable.Range(1, 40).Select(i => $"并发测试领导{i:D2}-{Guid.NewGuid():N}"[..20]).ToList();

        await Task.WhenAll(names.Select(name => Task.Run(() => portal.WithDbAsync(async db =>
        {
            db.Leaders.Add(new Leader { Name = name });
            return await db.SaveChangesAsync();
        }))));

        var saved = await portal.WithDbAsync(db => db.Leaders.CountAsync(l => names.Contains(l.Name)));
        Assert.Equal(40, saved);
        await portal.WithDbAsync(db => db.Leaders.Where(l => names.Contains(l.Name)).ExecuteDeleteAsync());
    }

    [Fact]
    public async Task HealthEndpointAnswersWhenTheDatabaseDoes()
    {
        using var response = await portal.CreateClient().GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }
}
