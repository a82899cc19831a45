using Linze.BizEnv.Web.Data.Seeding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Linze.BizEnv.IntegrationTests.Reliability;

/// <summary>demo-data is all or nothing: a run stopped half-way leaves nothing, and can simply be run again.</summary>
public sealed class DemoDataTests
{
    private const string Password = "Demo-Pass-2026!";

    private static Task<(int Lists, int Units, int Users)> DemoCountsAsync(BizEnvFactory portal) => portal.WithDbAsync(async db => (
        await db.Lists.CountAsync(l => l.Title.StartsWith("【演示数据】")),
        await db.Units.CountAsync(u => u.Name.EndsWith("（演示）")),
        await db.Users.CountAsync(u => u.UserName!.StartsWith("demo-"))));

    [Fact]
    public async Task ARunStoppedHalfWayLeavesNothingAndARerunCompletes()
    {
        using var portal = new BizEnvFactory();
        _ = portal.CreateClient();
        using var stop = new CancellationTokenSource();

        await using (var scope = portal.Services.CreateAsyncScope())
        {
            // Stopped after the first ten of twenty lists were written, as a kill would stop it.
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                scope.ServiceProvider.GetRequiredService<DemoData>().GenerateAsync(20, Password, new SynchronousProgress(stop), stop.Token));
        }

        Assert.Equal((0, 0, 0), await DemoCountsAsync(portal));

        await using (var scope = portal.Services.CreateAsyncScope())
        {
            var summary = await scope.ServiceProvider.GetRequiredService<DemoData>().GenerateAsync(2, Password);
            Assert.Equal(2, summary.Lists);
            // 对标 too: three metrics on each of the 16 indicators that state figures, with their monthly readings.
            Assert.Equal(2 * 16 * 3, summary.Metrics);
            Assert.Equal(summary.Readings, await portal.WithDbAsync(db => db.MetricReadings.CountAsync(r => r.Metric.Indicator.List.Title.StartsWith("【演示数据】"))));
            Assert.True(summary.Readings >= summary.Metrics);
        }

        var (lists, units, users) = await DemoCountsAsync(portal);
        Assert.Equal(2, lists);
        Assert.True(units > 0 && users > 0);
    }

    /// <summary>Cancels at the first progress report, on the generating thread (Progress&lt;T&gt; would post it elsewhere, later).</summary>
    private sealed class SynchronousProgress(CancellationTokenSource stop) : IProgress<string>
    {
        public void Report(string value) => stop.Cancel();
    }
}
