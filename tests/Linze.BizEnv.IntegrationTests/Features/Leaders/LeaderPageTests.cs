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

    [Fact]
    public async Task LeadersAreListedInTheDocumentsOrderEverywhere()
    {
        // 周延年, 李国志, 张晓龙, 付海军, 张昕音: the order in which the issued list names them, not by code point.
        var expected = SourceDocument.Indicators.Select(i => i.Leader).OfType<string>().Distinct().ToList();
        var admin = await portal.SignInAsync(await portal.CreateUserAsync(Web.Domain.Roles.Admin));

        var index = (await HtmlPage.GetAsync(admin.Client, "/leaders")).Rows("leader-table").Select(r => r[0]);
        var reports = Options(await admin.GetHtmlAsync("/reports"), "name=\"leader\"");
        var dashboard = Options(await admin.GetHtmlAsync("/"), "id=\"filter-leader\"");
        var userForm = Options(await admin.GetHtmlAsync("/admin/users/new"), "id=\"LeaderId\"");

        Assert.Equal(expected, index);
        Assert.Equal(expected, reports);
        Assert.Equal(expected, dashboard);
        Assert.Equal(expected, userForm);
    }

    /// <summary>The texts of a select's options but its first (the "all"/"none" choice), found by an attribute of the select.</summary>
    private static List<string> Options(string html, string selectAttribute)
    {
        var start = html.IndexOf(selectAttribute, StringComparison.Ordinal);
        Assert.True(start >= 0, $"no select with {selectAttribute}");
        var select = html[start..html.IndexOf("</select>", start, StringComparison.Ordinal)];
        return [.. System.Text.RegularExpressions.Regex.Matches(select, "<option[^>]*>([^<]*)</option>").Select(m => HtmlPage.Text(m.Groups[1].Value)).Skip(1)];
    }
}
