using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Linze.BizEnv.IntegrationTests.Workflow;
using Linze.BizEnv.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.IntegrationTests.Features.Deadlines;

/// <summary>The county office sets the deadline of many problems at once, all or nothing.</summary>
public sealed partial class BulkDeadlineTests
{
    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    /// <summary>The page's form as a browser would send it: every listed problem with its version, the ticked ones ticked.</summary>
    /// <remarks><paramref name="meanwhile"/> runs between reading the page and sending it: someone else at work.</remarks>
    private static async Task<HttpResponseMessage> ApplyAsync(
        WebSession admin, string page, Dictionary<string, string> terms, Func<int, bool>? tick = null, Func<Task>? meanwhile = null)
    {
        var html = await admin.GetHtmlAsync(page);
        if (meanwhile is not null)
        {
            await meanwhile();
        }

        var form = new Dictionary<string, string>(terms);
        var rows = RowPattern().Matches(html);
        foreach (Match row in rows)
        {
            var (index, id) = (row.Groups[1].Value, int.Parse(row.Groups[2].Value, CultureInfo.InvariantCulture));
            form[$"Problems[{index}].Id"] = Id(id);
            form[$"Problems[{index}].Version"] = VersionPattern().Match(html, row.Index).Groups[1].Value;
            if (tick?.Invoke(id) ?? true)
            {
                form[$"Problems[{index}].Selected"] = "true";
            }
        }

        var action = WebUtility.HtmlDecode(ActionPattern().Match(html).Groups[1].Value);
        return await admin.PostFormAsync(page, action, form);
    }

    private static async Task<(BizEnvFactory Portal, WebSession Admin, int IndicatorOne)> OpenAsync()
    {
        var portal = new BizEnvFactory();
        var admin = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Admin));
        var indicator = await portal.WithDbAsync(db => db.Indicators.Where(i => i.Number == 1).Select(i => i.Id).SingleAsync());
        return (portal, admin, indicator);
    }

    [Fact]
    public async Task AllProblemsOfAnIndicatorGetOneDeadlineAuditedAndTheOthersAreUntouched()
    {
        var (portal, admin, indicator) = await OpenAsync();
        using var _ = portal;
        var audited = await portal.WithDbAsync(db => db.AuditEntries.MaxAsync(a => a.Id));

        using var response = await ApplyAsync(admin, $"/admin/deadlines?indicator={indicator}", new() { ["DueDate"] = "2026-12-31" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("已为 4 个问题设定整改时限 2026-12-31", await admin.GetHtmlAsync(response.Headers.Location!.OriginalString), StringComparison.Ordinal);
        var dues = await portal.WithDbAsync(db => db.Problems.Select(p => new { p.Indicator.Number, p.DueDate }).ToListAsync());
        Assert.All(dues.Where(d => d.Number == 1), d => Assert.Equal(new DateOnly(2026, 12, 31), d.DueDate));
        Assert.All(dues.Where(d => d.Number != 1), d => Assert.Null(d.DueDate));
        Assert.Equal(4, await portal.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Id > audited && a.EntityType == nameof(Problem) && a.Changes!.Contains("DueDate"))));
    }

    [Fact]
    public async Task AUnitWithoutARoleOnOneOfTheProblemsRefusesTheWholeBatchNamingIt()
    {
        var (portal, admin, _) = await OpenAsync();
        using var __ = portal;
        var court = await portal.WithDbAsync(db => db.Units.Where(u => u.Name == "县法院").Select(u => u.Id).SingleAsync());
        var courtsBefore = await portal.WithDbAsync(db => db.Problems.CountAsync(p => p.ResponsibleUnitId == court));

        using var response = await ApplyAsync(admin, "/admin/deadlines", new() { ["DueDate"] = "2026-12-31", ["UnitId"] = Id(court) });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var error = new HtmlPage(response.StatusCode, await response.Content.ReadAsStringAsync()).Section("deadline-error", "</div>");
        Assert.Contains("未做任何更改", error, StringComparison.Ordinal);
        Assert.Contains("问题 1-1：责任单位须是指标“开办企业”的组长、副组长或成员单位", error, StringComparison.Ordinal);
        Assert.False(await portal.WithDbAsync(db => db.Problems.AnyAsync(p => p.DueDate != null)));
        Assert.Equal(courtsBefore, await portal.WithDbAsync(db => db.Problems.CountAsync(p => p.ResponsibleUnitId == court)));
    }

    [Fact]
    public async Task AProblemChangedSinceThePageOpenedStopsTheBatchAndClosedOnesAreNotOffered()
    {
        var (portal, admin, indicator) = await OpenAsync();
        using var _ = portal;
        var problems = await portal.WithDbAsync(db => db.Problems.Where(p => p.IndicatorId == indicator).OrderBy(p => p.Ordinal).Select(p => p.Id).ToListAsync());
        await portal.SubmittedAsync(problems[0]); // under review: not changeable here
        var page = $"/admin/deadlines?indicator={indicator}";
        Assert.Contains($"id=\"pick-{problems[0]}\" disabled=\"disabled\"", await admin.GetHtmlAsync(page), StringComparison.Ordinal);

        using var response = await ApplyAsync(admin, page, new() { ["LongTerm"] = "true" }, meanwhile: () => portal.WithDbAsync(async db =>
        {
            var other = await db.Problems.SingleAsync(p => p.Id == problems[2]);
            other.EditMeasures("他人刚刚保存的措施");
            return await db.SaveChangesAsync();
        }));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var error = new HtmlPage(response.StatusCode, await response.Content.ReadAsStringAsync()).Section("deadline-error", "</div>");
        Assert.Contains("问题 1-3 在您打开本页后已被他人修改", error, StringComparison.Ordinal);
        Assert.Contains("问题 1-1：正在审核销号申请", error, StringComparison.Ordinal);
        Assert.False(await portal.WithDbAsync(db => db.Problems.AnyAsync(p => p.IsLongTerm)));
    }

    [Fact]
    public async Task NothingToSetOrNothingTickedIsToldInChinese()
    {
        var (portal, admin, indicator) = await OpenAsync();
        using var _ = portal;

        using var empty = await ApplyAsync(admin, $"/admin/deadlines?indicator={indicator}", []);
        using var none = await ApplyAsync(admin, $"/admin/deadlines?indicator={indicator}", new() { ["DueDate"] = "2026-12-31" }, _ => false);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, empty.StatusCode);
        Assert.Contains("请填写新的整改时限", await empty.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, none.StatusCode);
        Assert.Contains("请至少勾选一个问题", await none.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABadDateNamesTheFieldKeepsWhatWasTypedAndABadFilterIsA400()
    {
        var (portal, admin, indicator) = await OpenAsync();
        using var _ = portal;

        using var badDate = await ApplyAsync(admin, $"/admin/deadlines?indicator={indicator}", new() { ["DueDate"] = "2026-02-30" });
        using var badFilter = await admin.GetAsync("/admin/deadlines?indicator=abc");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, badDate.StatusCode);
        var html = await badDate.Content.ReadAsStringAsync();
        Assert.Contains("整改时限", new HtmlPage(badDate.StatusCode, html).Section("deadline-error", "</div>"), StringComparison.Ordinal);
        Assert.Contains("value=\"2026-02-30\"", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badFilter.StatusCode);
        Assert.Contains("筛选条件无效", await badFilter.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnExtensionIsOfferedOnlyWhenThereIsADeadlineToExtend()
    {
        var (portal, _, _) = await OpenAsync();
        using var __ = portal;
        var id = await portal.WithDbAsync(db => db.Problems.Where(p => p.Indicator.Number == 2 && p.Ordinal == 1).Select(p => p.Id).SingleAsync());
        var unitName = await portal.WithDbAsync(db => db.Problems.Where(p => p.Id == id).Select(p => p.ResponsibleUnit!.Name).SingleAsync());
        var unit = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Unit, unitName));

        var page = await unit.GetHtmlAsync($"/problems/{id}");
        using var refused = await unit.PostFormAsync($"/problems/{id}", $"/problems/{id}/extension", new() { ["newDueDate"] = "2099-12-31", ["reason"] = "需要时间" });

        Assert.DoesNotContain("id=\"extension-form\"", page, StringComparison.Ordinal);
        Assert.Contains("无需申请延期", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("尚未设定整改时限，无需申请延期", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [GeneratedRegex("name=\"Problems\\[(\\d+)\\]\\.Id\" value=\"(\\d+)\"")]
    private static partial Regex RowPattern();

    [GeneratedRegex("name=\"Problems\\[\\d+\\]\\.Version\" value=\"([0-9a-f-]+)\"")]
    private static partial Regex VersionPattern();

    [GeneratedRegex("<form(?=[^>]*id=\"deadline-form\")[^>]*[ ]action=\"([^\"]+)\"")]
    private static partial Regex ActionPattern();
}
