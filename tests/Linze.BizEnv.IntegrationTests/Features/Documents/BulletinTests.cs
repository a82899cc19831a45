using System.Globalization;
using System.Net;
using Linze.BizEnv.IntegrationTests.Workflow;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.IntegrationTests.Features.Documents;

/// <summary>The 月度工作进展通报 and the leaders' briefs, as the county office and the leaders download them.</summary>
public class BulletinTests(BizEnvFactory portal) : IClassFixture<BizEnvFactory>
{
    private async Task CloseAsync(int problemId)
    {
        await portal.SubmittedAsync(problemId);
        await portal.WithWorkflowAsync(async workflow =>
        {
            var problem = (await workflow.FindProblemAsync(problemId))!;
            await workflow.ApproveClosureAsync(problem, problem.Version, "同意销号。", new Writer("office", "县营商办", null));
            return true;
        });
    }

    private static async Task<string> DocxTextAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", response.Content.Headers.ContentType!.MediaType);
        return NoticeTests.Text(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task AMonthsBulletinCountsWhatWasClosedAndOverdueByItsEndAndTheChangeSinceTheMonthBefore()
    {
        var closedFirst = await portal.NewProblemAsync();
        await CloseAsync(closedFirst);
        var first = ChinaTime.Today(portal.Clock);
        // On to the 10th of the next month.
        var tenth = new DateOnly(first.Year, first.Month, 1).AddMonths(1).AddDays(9);
        portal.Clock.Advance(TimeSpan.FromDays(tenth.DayNumber - first.DayNumber));
        var closedNext = await portal.NewProblemAsync();
        await CloseAsync(closedNext);
        var lateThisMonth = await portal.NewProblemAsync();
        await portal.WithDbAsync(async db =>
        {
            var problem = await db.Problems.SingleAsync(p => p.Id == lateThisMonth);
            problem.SetSchedule(tenth.AddDays(-5), tenth.AddDays(-40), problem.ResponsibleUnitId);
            return await db.SaveChangesAsync();
        });
        var admin = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Admin));
        var thisMonth = tenth.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var lastMonth = first.ToString("yyyy-MM", CultureInfo.InvariantCulture);

        var now = await DocxTextAsync(await admin.GetAsync("/reports/monthly.docx?month=" + thisMonth));
        var before = await DocxTextAsync(await admin.GetAsync("/reports/monthly.docx?month=" + lastMonth));

        Assert.Contains($"截至{tenth.Year}年{tenth.Month}月10日", now, StringComparison.Ordinal);
        Assert.Contains("已销号2个", now, StringComparison.Ordinal);
        Assert.Contains("较上月末增加1个；本月销号1个", now, StringComparison.Ordinal);
        Assert.Contains("较上月末增加1个。", now, StringComparison.Ordinal); // the problem due on the 5th
        Assert.Contains($"{tenth.Year}年第{tenth.Month}期", now, StringComparison.Ordinal);
        Assert.Contains("开办企业", now, StringComparison.Ordinal);
        Assert.Contains("蓝色督办", now, StringComparison.Ordinal);
        Assert.Contains("已销号1个", before, StringComparison.Ordinal);
        Assert.Contains("本月销号1个", before, StringComparison.Ordinal);
        Assert.DoesNotContain("{{", now, StringComparison.Ordinal);
        // The 2022 list's metrics, none with a 本县现值 yet: not "all reached".
        Assert.Contains("对标指标项均未填报本县现值", now, StringComparison.Ordinal);
        Assert.DoesNotContain("均已达到全省最佳表现", now, StringComparison.Ordinal);

        // This month's, by default.
        Assert.Contains("已销号2个", await DocxTextAsync(await admin.GetAsync("/reports/monthly.docx")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2019-01")]
    [InlineData("2999-12")]
    [InlineData("十一月")]
    [InlineData("2026-13")]
    public async Task AMonthOutsideTheListsLifeOrUnreadableIsRefusedInChinese(string month)
    {
        var admin = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Admin));
        using var response = await admin.GetAsync("/reports/monthly.docx?month=" + Uri.EscapeDataString(month));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("请选择", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LeadersReadTheBulletinAndTheirOwnBriefOnlyUnitsNeither()
    {
        var leader = await portal.LeaderOfAsync(1);
        var (own, ownName, other) = await portal.WithDbAsync(async db =>
        {
            var id = (await db.Indicators.Where(i => i.Number == 1).Select(i => i.LeaderId).SingleAsync())!.Value;
            var name = await db.Leaders.Where(l => l.Id == id).Select(l => l.Name).SingleAsync();
            var otherId = await db.Leaders.Where(l => l.Id != id).Select(l => l.Id).FirstAsync();
            return (id, name, otherId);
        });

        var brief = await DocxTextAsync(await leader.GetAsync($"/reports/leaders/{own}.docx"));
        Assert.Contains($"{ownName}同志分管", brief, StringComparison.Ordinal);
        Assert.Contains("开办企业", brief, StringComparison.Ordinal);
        using (var others = await leader.GetAsync($"/reports/leaders/{other}.docx"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, others.StatusCode);
        }

        Assert.Contains("全县优化营商环境对标提升工作进展通报", await DocxTextAsync(await leader.GetAsync("/reports/monthly.docx")), StringComparison.Ordinal);
        var page = await leader.GetHtmlAsync("/reports");
        Assert.Contains($"/reports/leaders/{own}.docx", page, StringComparison.Ordinal);
        Assert.DoesNotContain($"/reports/leaders/{other}.docx", page, StringComparison.Ordinal);
        Assert.Contains("id=\"monthly-form\"", page, StringComparison.Ordinal);

        var admin = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Admin));
        Assert.Contains($"/reports/leaders/{other}.docx", await admin.GetHtmlAsync("/reports"), StringComparison.Ordinal);
        await DocxTextAsync(await admin.GetAsync($"/reports/leaders/{other}.docx"));
        using (var missing = await admin.GetAsync("/reports/leaders/999999.docx"))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }

        var unit = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Unit, "县市场监管局"));
        foreach (var url in new[] { "/reports/monthly.docx", $"/reports/leaders/{own}.docx" })
        {
            using var response = await unit.GetAsync(url);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
    }
}
