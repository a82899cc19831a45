using System.Net;
using Linze.BizEnv.Web.Authorization;
using Linze.BizEnv.Web.Data.Auditing;
using Linze.BizEnv.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Linze.BizEnv.IntegrationTests.Features.Audit;

public class AuditTrailTests(BizEnvFactory portal) : IClassFixture<BizEnvFactory>
{
    [Fact]
    public async Task EveryDataChangeIsAuditedWithItsValuesBeforeAndAfter()
    {
        var indicatorId = await portal.WithDbAsync(async db =>
        {
            var indicator = await db.Indicators.SingleAsync(i => i.Number == 6);
            indicator.ProvinceBest = "新的全省最佳表现";
            await db.SaveChangesAsync();
            return indicator.Id;
        });

        var entry = await portal.WithDbAsync(db => db.AuditEntries
            .Where(a => a.EntityType == nameof(Indicator) && a.EntityKey == indicatorId.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .OrderByDescending(a => a.Id).FirstAsync());
        Assert.Equal(AuditAction.Updated, entry.Action);
        Assert.Equal("系统", entry.UserName);
        Assert.Contains("\"ProvinceBest\":{\"Before\":\"4次，纳税耗时60小时", entry.Changes, StringComparison.Ordinal);
        Assert.Contains("\"After\":\"新的全省最佳表现\"", entry.Changes, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddedRecordsAreAuditedWithTheirDatabaseKey()
    {
        var id = await portal.WithDbAsync(async db =>
        {
            var leader = new Leader { Name = "审计测试" + Guid.NewGuid().ToString("N")[..6] };
            db.Leaders.Add(leader);
            await db.SaveChangesAsync();
            return leader.Id;
        });

        var entry = await portal.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.EntityType == nameof(Leader) && a.Action == AuditAction.Created && a.EntityKey == id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Contains("\"Name\":{\"Before\":null,\"After\":\"审计测试", entry.Changes, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFailedSaveWritesNeitherTheChangeNorItsAuditEntry()
    {
        var before = await portal.WithDbAsync(db => db.AuditEntries.CountAsync());
        await Assert.ThrowsAsync<DbUpdateException>(() => portal.WithDbAsync(async db =>
        {
            db.Leaders.Add(new Leader { Name = "重复领导" });
            db.Leaders.Add(new Leader { Name = "重复领导" });
            return await db.SaveChangesAsync();
        }));

        Assert.Equal(before, await portal.WithDbAsync(db => db.AuditEntries.CountAsync()));
        Assert.False(await portal.WithDbAsync(db => db.Leaders.AnyAsync(l => l.Name == "重复领导")));
    }

    [Fact]
    public async Task EntriesOlderThanTheRetentionPeriodArePurgedAndSixMonthsAreAlwaysKept()
    {
        using var local = new BizEnvFactory();
        var now = local.Clock.GetUtcNow().UtcDateTime;
        await local.WithDbAsync(async db =>
        {
            foreach (var days in new[] { 400, 366, 364, 200, 179 })
            {
                db.AuditEntries.Add(new AuditEntry { AtUtc = now.AddDays(-days), Action = AuditAction.Login, UserName = $"retention-{days}" });
            }

            return await db.SaveChangesAsync();
        });

        await local.Services.GetRequiredService<AuditRetentionService>().PurgeAsync();

        var kept = await local.WithDbAsync(db => db.AuditEntries.Where(a => a.UserName!.StartsWith("retention-")).Select(a => a.UserName).ToListAsync());
        Assert.Equal(["retention-179", "retention-200", "retention-364"], kept.Order(StringComparer.Ordinal));
        Assert.Equal(180, new AuditOptions { RetentionDays = 30 }.EffectiveRetentionDays);
    }

    [Fact]
    public async Task TheAuditPageSearchesByUserAndActionWithPaging()
    {
        var user = await portal.CreateUserAsync(Roles.Viewer);
        var session = new WebSession(portal.CreateBareClient());
        for (var i = 0; i < 3; i++)
        {
            await session.LoginAsync(user, "Wrong-Pass-123!");
        }

        var admin = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Admin));
        var page = new HtmlPage(HttpStatusCode.OK, await admin.GetHtmlAsync($"/admin/audit?user={user}&action=LoginFailed"));
        var rows = page.Rows("audit-table");
        Assert.Equal(3, rows.Count);
        Assert.All(rows, r => Assert.Equal(user, r[1]));
        Assert.All(rows, r => Assert.Equal("登录失败", r[2]));

        var all = await admin.GetHtmlAsync("/admin/audit");
        Assert.Equal(50, new HtmlPage(HttpStatusCode.OK, all).Rows("audit-table").Count);
        Assert.Contains("下一页", all, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnlyAdministratorsSeeTheAuditLog()
    {
        foreach (var role in new[] { Roles.Viewer, Roles.Leader, Roles.Unit })
        {
            var session = await portal.SignInAsync(await portal.CreateUserAsync(role, role == Roles.Unit ? "县法院" : null));
            using var response = await session.GetAsync("/admin/audit");
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Contains("无权访问", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }
}
