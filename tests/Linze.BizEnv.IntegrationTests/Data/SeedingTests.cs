using System.Net;
using Linze.BizEnv.Web.Data.Seeding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Linze.BizEnv.IntegrationTests.Data;

public class SeedingTests
{
    private static Task<(int Lists, int Indicators, int Problems, int Leaders, int Units, int Roles)> CountAsync(BizEnvFactory portal) =>
        portal.WithDbAsync(async db => (
            await db.Lists.CountAsync(),
            await db.Indicators.CountAsync(),
            await db.Problems.CountAsync(),
            await db.Leaders.CountAsync(),
            await db.Units.CountAsync(),
            await db.IndicatorUnits.CountAsync()));

    [Fact]
    public async Task FirstStartLoadsThe2022ListIntoAnEmptyDatabase()
    {
        using var portal = new BizEnvFactory();
        _ = portal.CreateClient();

        var expectedRoles = SourceDocument.Indicators.Sum(i => i.Lead.Count + i.Deputy.Count + i.Member.Count);
        Assert.Equal((1, 18, 44, 5, 27, expectedRoles), await CountAsync(portal));
    }

    [Fact]
    public async Task FirstStartLoadsThe2022BenchmarkMetricsWithTheList()
    {
        using var portal = new BizEnvFactory();
        _ = portal.CreateClient();

        var seed = await SeedFile.ReadAsync(RepoPaths.SeedList);
        var loaded = await portal.WithDbAsync(db => db.BenchmarkMetrics.AsNoTracking()
            .OrderBy(m => m.Indicator.Number).ThenBy(m => m.SortOrder)
            .Select(m => new { m.Indicator.Number, m.Name, m.Words, m.BestValue, m.IsYesNo }).ToListAsync());
        var expected = seed.Indicators.SelectMany(i => (i.Metrics ?? []).Select(m => new { i.Number, m.Name, m.Words, BestValue = m.YesNo ? 1m : m.Value!.Value, IsYesNo = m.YesNo })).ToList();

        Assert.Equal(expected, loaded);
        Assert.Equal(0, await portal.WithDbAsync(db => db.MetricReadings.CountAsync()));
    }

    [Fact]
    public async Task ADatabaseLoadedBeforeMetricsExistedGetsTheSeedsMetricsOnceAtTheNextStart()
    {
        using var before = new BizEnvFactory();
        _ = before.CreateClient();
        var loaded = await before.WithDbAsync(db => db.BenchmarkMetrics.CountAsync());
        await before.WithDbAsync(db => db.BenchmarkMetrics.ExecuteDeleteAsync()); // as a database from before #16 holds it

        using var after = new BizEnvFactory(before.Database);
        _ = after.CreateClient();
        Assert.True(loaded > 60);
        Assert.Equal(loaded, await after.WithDbAsync(db => db.BenchmarkMetrics.CountAsync()));

        await using var scope = after.Services.CreateAsyncScope();
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<DatabaseInitialiser>().AddSeedMetricsAsync());
        Assert.Equal(loaded, await after.WithDbAsync(db => db.BenchmarkMetrics.CountAsync()));
    }

    [Fact]
    public async Task StartingTwiceOnTheSameDatabaseLoadsNothingTwice()
    {
        using var first = new BizEnvFactory();
        _ = first.CreateClient();
        var before = await CountAsync(first);

        using (var second = new BizEnvFactory(first.Database))
        {
            _ = second.CreateClient();
            Assert.Equal(before, await CountAsync(second));
        }

        await using var scope = first.Services.CreateAsyncScope();
        var initialiser = scope.ServiceProvider.GetRequiredService<DatabaseInitialiser>();
        await initialiser.InitialiseAsync();
        Assert.False(await initialiser.SeedAsync());
        Assert.Equal(before, await CountAsync(first));
    }

    [Fact]
    public async Task WithSeedingOffTheDatabaseStaysEmptyAndTheListPageSaysSo()
    {
        using var portal = new BizEnvFactory(null, loadDefaultList: false);
        var page = await HtmlPage.GetAsync(await portal.ViewerClientAsync(), "/lists");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("系统中还没有责任清单", page.Html, StringComparison.Ordinal);
        Assert.Equal((0, 0, 0, 0, 0, 0), await CountAsync(portal));
    }
}
