using System.Net;

namespace Linze.BizEnv.IntegrationTests.Features.Lists;

[Collection(SeededPortal.Name)]
public class ListPageTests(BizEnvFactory portal)
{
    [Fact]
    public async Task ListPageShowsTheEighteenIndicatorsInTheDocumentsOrder()
    {
        var page = await HtmlPage.GetAsync(await portal.ViewerClientAsync(), "/lists");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("临泽县优化营商环境对标提升责任清单", page.H1);
        var rows = page.Rows("indicator-table");
        Assert.Equal(SourceDocument.Indicators.Select(i => $"{i.Number} {i.Name}"), rows.Select(r => $"{r[0]} {r[1]}"));
    }

    [Fact]
    public async Task EachRowShowsLeaderLeadUnitAndProblemCount()
    {
        var rows = (await HtmlPage.GetAsync(await portal.ViewerClientAsync(), "/lists")).Rows("indicator-table");

        foreach (var (row, source) in rows.Zip(SourceDocument.Indicators))
        {
            Assert.Equal(source.Leader, row[2]);
            Assert.Equal(string.Join("、", source.Lead), row[3]);
            Assert.Equal(source.Problems.Count == 0 ? "无" : source.Problems.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), row[4]);
        }
    }

    [Fact]
    public async Task HeaderSummarisesTheListAndItsIssuingOffice()
    {
        var page = await HtmlPage.GetAsync(await portal.ViewerClientAsync(), "/lists");
        Assert.Contains("临泽县人民政府办公室", page.Html, StringComparison.Ordinal);
        Assert.Contains("2022-06-24 印发", page.Html, StringComparison.Ordinal);
        Assert.Contains("共 18 项指标、44 个存在问题", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListIsAlsoReachableByItsId()
    {
        var listId = await portal.WithDbAsync(db => Task.FromResult(db.Lists.Single().Id));
        var page = await HtmlPage.GetAsync(await portal.ViewerClientAsync(), $"/lists/{listId}");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(18, page.Rows("indicator-table").Count);
    }

    [Fact]
    public async Task PagesLoadTheirStylesAndScriptsFromThePortalItself()
    {
        var client = await portal.ViewerClientAsync();
        var page = await HtmlPage.GetAsync(client, "/lists");

        Assert.DoesNotContain("http://", page.Html.Replace("http://www.w3.org", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("https://", page.Html, StringComparison.Ordinal);
        foreach (var asset in new[] { "/lib/bootstrap/css/bootstrap.min.css", "/lib/bootstrap/js/bootstrap.bundle.min.js", "/css/site.css" })
        {
            Assert.Contains(asset, page.Html, StringComparison.Ordinal);
            using var response = await client.GetAsync(new Uri(asset, UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }
}
