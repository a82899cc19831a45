using System.Net;
using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.IntegrationTests.Features.Units;

[Collection(SeededPortal.Name)]
public class UnitPageTests(BizEnvFactory portal)
{
    private Task<int> IdOf(string unit) =>
        portal.WithDbAsync(db => db.Units.Where(u => u.Name == unit).Select(u => u.Id).SingleAsync());

    private Task<int> ListIdAsync() => portal.WithDbAsync(db => db.Lists.Select(l => l.Id).SingleAsync());

    [Fact]
    public async Task UnitIndexListsAllTwentySevenUnitsWithTheirRoleCounts()
    {
        var page = await HtmlPage.GetAsync(await portal.ViewerClientAsync(), "/units");

        var rows = page.Rows("unit-table");
        Assert.Equal(27, rows.Count);
        // 县市场监管局: lead on 开办企业, 知识产权, 市场监管; deputy on 办理破产, 保护中小投资者; member on 获得电力, 用水用气, 劳动力市场监管.
        Assert.Equal(["县市场监管局", "3", "2", "3"], rows.Single(r => r[0] == "县市场监管局"));
    }

    [Fact]
    public async Task UnitSearchFindsUnitsByPartOfTheirName()
    {
        var page = await HtmlPage.GetAsync(await portal.ViewerClientAsync(), "/units?q=" + Uri.EscapeDataString("金融"));
        Assert.Equal(["县金融事务投资中心", "县金融投资事务中心"], page.Rows("unit-table").Select(r => r[0]).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task UnitSearchWithNoMatchSaysSo()
    {
        var page = await HtmlPage.GetAsync(await portal.ViewerClientAsync(), "/units?q=" + Uri.EscapeDataString("不存在的单位"));
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("没有找到名称包含“不存在的单位”的单位", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnitPageShowsEveryIndicatorWhereTheUnitHasARoleWithThatRole()
    {
        var page = await HtmlPage.GetAsync(await portal.ViewerClientAsync(), $"/units/{await IdOf("县发改局")}");

        Assert.Equal("县发改局", page.H1);
        var expected = SourceDocument.Indicators
            .Select(i => (i.Number, i.Name, Role: i.Lead.Contains("县发改局") ? "组长单位" : i.Deputy.Contains("县发改局") ? "副组长单位" : i.Member.Contains("县发改局") ? "成员单位" : null))
            .Where(i => i.Role is not null)
            .Select(i => $"{i.Number} {i.Name} {i.Role}");
        var rows = page.Rows($"roles-list-{await ListIdAsync()}");
        Assert.Equal(expected, rows.Select(r => $"{r[0]} {r[1]} {r[2]}"));
    }

    [Fact]
    public async Task EachSpellingOfTheFinanceCentreIsItsOwnUnitWithItsOwnIndicators()
    {
        var client = await portal.ViewerClientAsync();
        var a = await HtmlPage.GetAsync(client, $"/units/{await IdOf("县金融投资事务中心")}");
        var b = await HtmlPage.GetAsync(client, $"/units/{await IdOf("县金融事务投资中心")}");
        Assert.Equal(["1 开办企业 成员单位"], a.Rows($"roles-list-{await ListIdAsync()}").Select(r => $"{r[0]} {r[1]} {r[2]}"));
        Assert.Equal(["9 获得信贷 组长单位", "10 保护中小投资者 组长单位"], b.Rows($"roles-list-{await ListIdAsync()}").Select(r => $"{r[0]} {r[1]} {r[2]}"));
    }
}
