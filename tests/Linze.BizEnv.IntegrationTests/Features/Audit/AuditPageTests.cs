using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Linze.BizEnv.IntegrationTests.Features.Dashboard;
using Linze.BizEnv.IntegrationTests.Workflow;
using Linze.BizEnv.Web.Authorization;
using Linze.BizEnv.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.IntegrationTests.Features.Audit;

/// <summary>The audit log read by the county office: each line in Chinese words, the raw record only on request.</summary>
public partial class AuditPageTests(BizEnvFactory portal) : IClassFixture<BizEnvFactory>
{
    private const string Unit = "县市场监管局";

    private async Task<(int ProblemId, string Label)> ProgressAsync(params int[] percents)
    {
        var id = await portal.NewProblemAsync();
        var unit = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Unit, Unit));
        foreach (var percent in percents)
        {
            var response = await unit.PostFormAsync($"/problems/{id}", $"/problems/{id}/entries", new()
            {
                ["Text"] = $"推进到 {percent}%。",
                ["PercentComplete"] = percent.ToString(CultureInfo.InvariantCulture),
                ["Date"] = ChinaTime.FormatDate(ChinaTime.Today(portal.Clock)),
            });
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }

        var label = await portal.WithDbAsync(db => db.Problems.Where(p => p.Id == id).Select(p => $"问题 {p.Indicator.Number}-{p.Ordinal}").SingleAsync());
        return (id, label);
    }

    private async Task<WebSession> AdminAsync() => await portal.SignInAsync(await portal.CreateUserAsync(Roles.Admin));

    /// <summary>What a reader sees without opening a line's raw record or a filter's list.</summary>
    private static string Visible(string html) => HtmlPage.Text(Hidden().Replace(html, ""));

    [Fact]
    public async Task AProgressChangeReadsAsASentenceWithTheUnitTheProblemAndBothPercents()
    {
        var (id, label) = await ProgressAsync(35, 60);
        var page = new HtmlPage(HttpStatusCode.OK, await (await AdminAsync()).GetHtmlAsync("/admin/audit?entity=Problem&action=Updated"));

        var row = page.Rows("audit-table")[0];
        Assert.Equal($"{Unit} 将{label} 的完成进度由 35% 改为 60%", HtmlPage.Text(Summary().Match(page.Html).Groups[1].Value));
        Assert.Contains("完成进度：35% → 60%", HtmlPage.Text(row[3]), StringComparison.Ordinal);
        Assert.Contains($"href=\"/problems/{id}\"", page.Html, StringComparison.Ordinal);
        Assert.Equal("修改问题", row[2]);
        Assert.Contains(Unit, row[1], StringComparison.Ordinal);
        var status = new HtmlPage(HttpStatusCode.OK, await (await AdminAsync()).GetHtmlAsync("/admin/audit?entity=StatusChange"));
        Assert.Contains($"新增状态变更（{label}）", status.Html, StringComparison.Ordinal);
        Assert.Contains("新状态：整改中", Visible(status.Html), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoLineShowsEnglishNamesGuidsEnumNamesOrUtcTimesOutsideItsRawDetail()
    {
        await ProgressAsync(35);
        var admin = await AdminAsync();
        var html = await admin.GetHtmlAsync("/admin/audit");
        var visible = Visible(html);

        foreach (var english in new[] { "AppUser", "ProgressEntry", "IdentityUserRole", "Problem", "InProgress", "NotStarted", "SubmittedForClosure", "Pending", "PercentComplete", "True", "False" })
        {
            Assert.DoesNotContain(english, visible, StringComparison.Ordinal);
        }

        Assert.True(!Guid().IsMatch(visible), Guid().Match(visible) is { Success: true } m ? visible[Math.Max(0, m.Index - 200)..(m.Index + 40)] : "");
        Assert.DoesNotMatch(@"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}", visible);
        var newest = await portal.WithDbAsync(db => db.AuditEntries.OrderByDescending(a => a.Id).Select(a => a.AtUtc).FirstAsync());
        Assert.Contains(ChinaTime.Format(newest), visible, StringComparison.Ordinal);
        Assert.Contains("<details", html, StringComparison.Ordinal);
        Assert.Contains("原始记录", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAccountsLinesNameItsRoleAndItsPersonNotTheirIds()
    {
        var admin = await AdminAsync();
        var created = await admin.PostFormAsync("/admin/users/new", "/admin/users/new", new()
        {
            ["UserName"] = "audit-words",
            ["DisplayName"] = "审计测试员",
            ["Role"] = Roles.Unit,
            ["UnitId"] = (await portal.WithDbAsync(db => db.Units.Where(u => u.Name == Unit).Select(u => u.Id).SingleAsync())).ToString(CultureInfo.InvariantCulture),
        });
        Assert.True(created.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.OK, created.StatusCode.ToString());

        var visible = Visible(await admin.GetHtmlAsync("/admin/audit?entity=IdentityUserRole"));
        Assert.True(visible.Contains("新增账号 审计测试员（audit-words） 的角色", StringComparison.Ordinal), visible);
        Assert.Contains("角色：单位用户", visible, StringComparison.Ordinal);
        var account = Visible(await admin.GetHtmlAsync("/admin/audit?entity=AppUser&action=Created"));
        Assert.Contains($"单位：{Unit}", account, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheLogIsFilteredByAPersonsNameByUnitAndByDate()
    {
        await ProgressAsync(20);
        var admin = await AdminAsync();
        var unitId = await portal.WithDbAsync(db => db.Units.Where(u => u.Name == Unit).Select(u => u.Id).SingleAsync());
        var today = ChinaTime.FormatDate(ChinaTime.Today(portal.Clock));

        var rows = new HtmlPage(HttpStatusCode.OK, await admin.GetHtmlAsync($"/admin/audit?unitId={unitId}&from={today}&to={today}")).Rows("audit-table");
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Contains(Unit, r[1], StringComparison.Ordinal));

        var none = new HtmlPage(HttpStatusCode.OK, await admin.GetHtmlAsync($"/admin/audit?unitId={unitId}&to=2001-01-01")).Rows("audit-table");
        Assert.Empty(none);
    }

    [Theory]
    [InlineData("action=Nonsense")]
    [InlineData("from=31/12/2026")]
    [InlineData("unitId=abc")]
    [InlineData("entity=Secrets")]
    [InlineData("page=x")]
    [InlineData("from=0001-01-01")]
    [InlineData("to=9999-12-31")]
    [InlineData("from=1999-12-31")]
    [InlineData("to=2100-01-01")]
    public async Task AFilterThatCannotBeReadIsRefusedInChinese(string query)
    {
        using var response = await (await AdminAsync()).GetAsync("/admin/audit?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("查询条件有误", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFullPageOfLinesCostsAFixedNumberOfQueries()
    {
        using var counting = new CountingPortal();
        var unit = await counting.SignInAsync(await counting.CreateUserAsync(Roles.Unit, Unit));
        for (var i = 0; i < 12; i++)
        {
            var id = await counting.NewProblemAsync();
            await unit.PostFormAsync($"/problems/{id}", $"/problems/{id}/entries", new() { ["Text"] = "进展。", ["PercentComplete"] = "30", ["Date"] = ChinaTime.FormatDate(ChinaTime.Today(counting.Clock)) });
        }

        var admin = await counting.SignInAsync(await counting.CreateUserAsync(Roles.Admin));
        async Task<int> CommandsAsync(string url)
        {
            await admin.GetHtmlAsync(url);
            var before = counting.Commands.Count;
            var rows = new HtmlPage(HttpStatusCode.OK, await admin.GetHtmlAsync(url)).Rows("audit-table").Count;
            Assert.True(rows > 0);
            return counting.Commands.Count - before;
        }

        var one = await CommandsAsync("/admin/audit?entity=Problem&action=Updated&page=1&user=unit-");
        var many = await CommandsAsync("/admin/audit");
        Assert.Equal(50, new HtmlPage(HttpStatusCode.OK, await admin.GetHtmlAsync("/admin/audit")).Rows("audit-table").Count);
        Assert.True(many - one <= 8, $"a page of 50 lines took {many} SQL commands, a page of a few {one}");
    }

    [GeneratedRegex("class=\"audit-summary\">(.*?)</div>", RegexOptions.Singleline)]
    private static partial Regex Summary();

    [GeneratedRegex("<details.*?</details>|<select.*?</select>", RegexOptions.Singleline)]
    private static partial Regex Hidden();

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex Guid();
}
