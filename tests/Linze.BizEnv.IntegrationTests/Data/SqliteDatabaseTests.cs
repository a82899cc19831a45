using System.Net;
using Linze.BizEnv.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.IntegrationTests.Data;

[Collection(SeededPortal.Name)]
public class SqliteDatabaseTests(BizEnvFactory portal)
{
    [Fact]
    public async Task DatabaseFileIsCreatedOnFirstUseInWalMode()
    {
        _ = portal.CreateClient();
        Assert.True(File.Exists(portal.DatabaseFile));
        var mode = await portal.WithDbAsync(db => db.Database.SqlQueryRaw<string>("PRAGMA journal_mode").ToListAsync());
        Assert.Equal("wal", Assert.Single(mode));
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
