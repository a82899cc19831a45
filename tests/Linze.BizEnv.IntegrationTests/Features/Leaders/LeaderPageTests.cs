using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.IntegrationTests.Features.Leaders;

[Collection(SeededPortal.Name)]
public class LeaderPageTests(BizEnvFactory portal)
{
    [Fact]
    public async Task LeaderIndexShowsTheFiveLeadersWithTheirIndicatorAndProblemCounts()
    {
        var rows = (await HtmlPage.GetAsync(await portal.ViewerClientAsync(), "/leaders")).Rows("leader-table");

        var expected = SourceDocument.Indicators.GroupBy(i => i.Leader)
            .Select(g => $"{g.Key} {g.Count()} {g.Sum(i => i.Problems.Count)}")
            .Order(StringComparer.Ordinal);
        Assert.Equal(expected, rows.Select(r => $"{r[0]} {r[1]} {r[2]}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task LeaderPageListsTheIndicatorsTheyAnswerForWithLeadUnits()
    {
        var (leaderId, listId) = await portal.WithDbAsync(async db =>
            (await db.Leaders.Where(l => l.Name == "张晓龙").Select(l => l.Id).SingleAsync(),
             await db.Lists.Select(l => l.Id).SingleAsync()));

        var page = await HtmlPage.GetAsync(await portal.ViewerClientAsync(), $"/leaders/{leaderId}");

        Assert.StartsWith("张晓龙", page.H1, StringComparison.Ordinal);
        var expected = SourceDocument.Indicators.Where(i => i.Leader == "张晓龙")
            .Select(i => $"{i.Number} {i.Name} {string.Join("、", i.Lead)} {i.Problems.Count}");
        Assert.Equal(expected, page.Rows($"indicators-list-{listId}").Select(r => string.Join(' ', r)));
    }
}
