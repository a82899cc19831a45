using Linze.BizEnv.IntegrationTests.Features.Units;
using Linze.BizEnv.IntegrationTests.Workflow;
using Linze.BizEnv.Web.Data;
using Linze.BizEnv.Web.Authorization;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Domain.Rectification;
using Linze.BizEnv.Web.Workflow;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Linze.BizEnv.IntegrationTests.Data;

/// <summary>When a row was written and last edited is stamped by the database layer from the portal's clock, whoever saves it.</summary>
public class TimestampTests
{
    [Fact]
    public async Task RowsSavedWithoutATimeGetTheClocksTime()
    {
        using var portal = new BizEnvFactory();
        portal.Clock.Advance(TimeSpan.FromDays(3));
        var now = portal.Clock.GetUtcNow().UtcDateTime;
        var indicatorId = await portal.WithDbAsync(db => db.Indicators.Select(i => i.Id).FirstAsync());

        var instruction = await portal.WithDbAsync(async db =>
        {
            var written = Instruction.Write(indicatorId, null, "请抓紧推进", "县长");
            db.Instructions.Add(written);
            await db.SaveChangesAsync();
            return written;
        });
        var account = await portal.CreateUserAsync(Roles.Viewer);

        Assert.Equal(now, instruction.CreatedAtUtc);
        Assert.Equal(now, await portal.WithDbAsync(db => db.Users.Where(u => u.UserName == account).Select(u => u.CreatedAtUtc).SingleAsync()));
    }

    [Fact]
    public async Task AnEditedEntryIsStampedButAUnitMergeIsNoEditOfItsEntries()
    {
        using var portal = new BizEnvFactory();
        var problemId = await portal.NewProblemAsync(); // indicator 1: 县市场监管局 lead, 县公安局 deputy
        var entryId = await portal.ProgressWithEvidenceAsync(problemId);
        await UnitMergeTests.MergeLeadIntoDeputyAsync(portal);
        Assert.Null(await UpdatedAtAsync(portal, entryId));

        portal.Clock.Advance(TimeSpan.FromHours(1));
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            var entry = await scope.ServiceProvider.GetRequiredService<BizEnvDbContext>().ProgressEntries.SingleAsync(e => e.Id == entryId);
            await scope.ServiceProvider.GetRequiredService<RectificationService>().EditEntryAsync(entry, entry.Date, "改正后的进展", null, new Writer("timestamps", "测试", null));
        }

        Assert.Equal(portal.Clock.GetUtcNow().UtcDateTime, await UpdatedAtAsync(portal, entryId));
    }

    private static Task<DateTime?> UpdatedAtAsync(BizEnvFactory portal, long entryId) =>
        portal.WithDbAsync(db => db.ProgressEntries.Where(e => e.Id == entryId).Select(e => e.UpdatedAtUtc).SingleAsync());
}
