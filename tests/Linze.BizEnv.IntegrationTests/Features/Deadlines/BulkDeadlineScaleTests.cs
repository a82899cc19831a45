using System.Net;
using Linze.BizEnv.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.IntegrationTests.Features.Deadlines;

/// <summary>A long page of problems is set in one go: the form is not refused for carrying many rows.</summary>
public sealed partial class BulkDeadlineTests
{
    [Fact]
    public async Task FourHundredTickedProblemsAreSetInOneSubmission()
    {
        var (portal, admin, indicator) = await OpenAsync();
        using var _ = portal;
        await portal.WithDbAsync(async db =>
        {
            var one = await db.Indicators.Include(i => i.Units).SingleAsync(i => i.Id == indicator);
            var lead = one.Units.Where(u => u.Role == UnitRole.Lead).OrderBy(u => u.SortOrder).First();
            var ordinal = await db.Problems.Where(p => p.IndicatorId == indicator).MaxAsync(p => p.Ordinal);
            for (var i = 1; i <= 400; i++)
            {
                one.Problems.Add(Problem.Create(ordinal + i, $"批量测试问题 {i}", lead));
            }

            return await db.SaveChangesAsync();
        });
        var listed = await portal.WithDbAsync(db => db.Problems.CountAsync(p => p.IndicatorId == indicator));
        Assert.True(listed > 400);

        using var response = await ApplyAsync(admin, $"/admin/deadlines?indicator={indicator}", new() { ["DueDate"] = "2026-12-31" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains($"已为 {listed} 个问题设定整改时限 2026-12-31", await admin.GetHtmlAsync(response.Headers.Location!.OriginalString), StringComparison.Ordinal);
        Assert.Equal(listed, await portal.WithDbAsync(db => db.Problems.CountAsync(p => p.IndicatorId == indicator && p.DueDate == new DateOnly(2026, 12, 31))));
    }
}
