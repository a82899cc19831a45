using Linze.BizEnv.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.IntegrationTests.Reliability;

/// <summary>The daily jobs' start-up runs, which a portal begins in the background as it starts.</summary>
internal static class JobRuns
{
    /// <summary>
    /// Waits until an instance on <paramref name="portal"/>'s database has finished today's run of <paramref name="job"/>
    /// (its lease is marked done for today): a test that moves the clock or counts files while it is still going races it.
    /// </summary>
    public static async Task DoneTodayAsync(BizEnvFactory portal, string job)
    {
        var today = ChinaTime.FormatDate(ChinaTime.Today(portal.Clock));
        for (var tries = 0; !await portal.WithDbAsync(db => db.JobLeases.AnyAsync(l => l.Name == job && l.DoneFor == today)); tries++)
        {
            Assert.True(tries < 100, $"no instance finished today's run of {job} within ten seconds");
            await Task.Delay(100);
        }
    }
}
