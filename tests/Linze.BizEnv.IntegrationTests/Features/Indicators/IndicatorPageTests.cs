using System.Net;
using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.IntegrationTests.Features.Indicators;

[Collection(SeededPortal.Name)]
public class IndicatorPageTests(BizEnvFactory portal)
{
    private Task<int> IdOf(int number) =>
        portal.WithDbAsync(db => db.Indicators.Where(i => i.Number == number).Select(i => i.Id).SingleAsync());

    [Fact]
    public async Task EveryIndicatorPageShowsItsBenchmarkProblemsLeaderAndUnitsByRole()
    {
        var client = await portal.ViewerClientAsync();
        foreach (var source in SourceDocument.Indicators)
        {
            var page = await HtmlPage.GetAsync(client, $"/indicators/{await IdOf(source.Number)}");

            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.Equal($"{source.Number}. {source.Name}", page.H1);
            Assert.Equal(source.ProvinceBest, HtmlPage.Text(page.Section("benchmark", "</div>")));
            Assert.Equal(source.Leader, HtmlPage.Text(page.Section("leader", "</div>")));
            if (source.Problems.Count > 0)
            {
                var items = page.Items("problems", "</ol>");
                Assert.Equal(source.Problems.Count, items.Count);
                Assert.All(source.Problems.Zip(items), pair => Assert.StartsWith(pair.First, pair.Second, StringComparison.Ordinal));
            }
            else
            {
                Assert.Contains("本指标未列出存在问题", page.Html, StringComparison.Ordinal);
            }

            var expectedUnits = new[] { ("组长单位", source.Lead), ("副组长单位", source.Deputy), ("成员单位", source.Member) }
                .Where(r => r.Item2.Count > 0)
                .Select(r => $"{r.Item1} {string.Join("、", r.Item2)}");
            Assert.Equal(expectedUnits, page.Items("units", "</ul>"));
        }
    }

    [Fact]
    public async Task IndicatorPageLinksToItsNeighbours()
    {
        var page = await HtmlPage.GetAsync(await portal.ViewerClientAsync(), $"/indicators/{await IdOf(2)}");
        Assert.Contains($"href=\"/indicators/{await IdOf(1)}\"", page.Html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/indicators/{await IdOf(3)}\"", page.Html, StringComparison.Ordinal);
    }
}
