using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Linze.BizEnv.IntegrationTests.Workflow;
using Linze.BizEnv.Web.Authorization;
using Linze.BizEnv.Web.Domain;
using Microsoft.EntityFrameworkCore;
using static Linze.BizEnv.IntegrationTests.Features.Imports.YearTwo;

namespace Linze.BizEnv.IntegrationTests.Features.Imports;

/// <summary>The import preview: the plan per indicator, and the office correcting matches and choosing what a look-alike unit is.</summary>
public sealed partial class ImportChoicesTests
{
    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    private static async Task<(WebSession Admin, string Html)> PreviewAsync(BizEnvFactory portal, ListDocument list)
    {
        var admin = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Admin));
        var response = await admin.PostFilesAsync("/admin/import", "/admin/import", "file", [], ("2023年清单.xlsx", Workbook(list)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (admin, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Posts the confirmation as the preview page's form would, with <paramref name="choices"/> in place of its selects.</summary>
    private static async Task<HttpResponseMessage> ConfirmAsync(WebSession admin, string previewHtml, Dictionary<string, string> choices)
    {
        var form = new Dictionary<string, string>(choices) { ["token"] = TokenPattern().Match(previewHtml).Groups[1].Value };
        foreach (Match hidden in HiddenChoicePattern().Matches(previewHtml))
        {
            form.TryAdd(WebUtility.HtmlDecode(hidden.Groups[1].Value), WebUtility.HtmlDecode(hidden.Groups[2].Value));
        }

        return await admin.PostFormAsync("/admin/import", "/admin/import/confirm", form);
    }

    [Fact]
    public async Task AnArchivedProblemKeepsAReadOnlyPageWithItsHistoryLinkedFromItsIndicator()
    {
        using var portal = new BizEnvFactory();
        var sealId = (await OriginalIdsAsync(portal))[0];
        await portal.ProgressWithEvidenceAsync(sealId);
        var (admin, html) = await PreviewAsync(portal, Revised());
        Assert.Equal(HttpStatusCode.Redirect, (await ConfirmAsync(admin, html, [])).StatusCode);

        var page = await admin.GetHtmlAsync($"/problems/{sealId}");
        var indicator = new HtmlPage(HttpStatusCode.OK, await admin.GetHtmlAsync($"/indicators/{await portal.WithDbAsync(db => db.Indicators.Where(i => i.Number == 1).Select(i => i.Id).SingleAsync())}"));

        Assert.Contains("id=\"archived\"", page, StringComparison.Ordinal);
        Assert.Contains(WebUtility.HtmlEncode(Seal), page, StringComparison.Ordinal);
        Assert.DoesNotContain($"action=\"/problems/{sealId}/entries\"", page, StringComparison.Ordinal);
        Assert.Contains($"/problems/{sealId}", indicator.Section("archived-problems", "</details>"), StringComparison.Ordinal);
        using var entry = await admin.PostFormAsync($"/problems/{sealId}", $"/problems/{sealId}/entries", new() { ["Text"] = "归档后补记" });
        Assert.NotEqual(HttpStatusCode.Redirect, entry.StatusCode);
    }

    [Fact]
    public async Task AnUpdateOfOneIndicatorLeavesEveryOtherProblemAsItWasSoNoOpenFormGoesStale()
    {
        using var portal = new BizEnvFactory();
        var before = await portal.WithDbAsync(db => db.Problems.Where(p => p.Indicator.Number != 1).ToDictionaryAsync(p => p.Id, p => p.Version));
        var since = await portal.WithDbAsync(db => db.AuditEntries.MaxAsync(a => a.Id));

        var (admin, html) = await PreviewAsync(portal, Revised());
        Assert.Equal(HttpStatusCode.Redirect, (await ConfirmAsync(admin, html, [])).StatusCode);

        var after = await portal.WithDbAsync(db => db.Problems.Where(p => p.Indicator.Number != 1).ToDictionaryAsync(p => p.Id, p => p.Version));
        Assert.Equal(before, after);
        // Only indicator 1's problems (kept, reworded, renumbered, added or archived) were written: the audit trail says so.
        var written = await portal.WithDbAsync(db => db.AuditEntries.Where(a => a.Id > since && a.EntityType == nameof(Problem)).Select(a => a.EntityKey).ToListAsync());
        Assert.NotEmpty(written);
        Assert.DoesNotContain(written, key => before.Keys.Select(k => k.ToString(CultureInfo.InvariantCulture)).Contains(key));
    }

    [Fact]
    public async Task AnArchivedProblemListedAgainComesBackWithItsHistory()
    {
        using var portal = new BizEnvFactory();
        var sealId = (await OriginalIdsAsync(portal))[0];
        await portal.ProgressWithEvidenceAsync(sealId);
        var (admin, html) = await PreviewAsync(portal, Revised());
        await ConfirmAsync(admin, html, []);
        Assert.True((await IndicatorOneProblemsAsync(portal)).Single(p => p.Id == sealId).IsArchived);

        var (again, preview) = await PreviewAsync(portal, Seed);
        Assert.Contains("恢复并保留其整改记录", preview, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await ConfirmAsync(again, preview, [])).StatusCode);

        var seal = (await IndicatorOneProblemsAsync(portal)).Single(p => p.Id == sealId);
        Assert.False(seal.IsArchived);
        Assert.Equal(1, seal.Ordinal);
        Assert.True(await portal.WithDbAsync(db => db.ProgressEntries.AnyAsync(e => e.ProblemId == sealId)));
        Assert.Equal(Seed.Indicators[0].Problems.Count, (await IndicatorOneProblemsAsync(portal)).Count(p => !p.IsArchived));
    }

    [Fact]
    public async Task ConfirmingTheSamePreviewTwiceAtOnceImportsOnceAndTellsTheOtherWhy()
    {
        using var portal = new BizEnvFactory();
        var (admin, html) = await PreviewAsync(portal, Revised());

        var both = await Task.WhenAll(ConfirmAsync(admin, html, []), ConfirmAsync(admin, html, []));

        Assert.Single(both, r => r.StatusCode == HttpStatusCode.Redirect);
        var other = Assert.Single(both, r => r.StatusCode != HttpStatusCode.Redirect);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.Contains("已经导入、正在导入", await other.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(4, (await IndicatorOneProblemsAsync(portal)).Count(p => !p.IsArchived));
    }

    [Fact]
    public async Task AFileWithoutTheFooterKeepsTheIssuingOfficeAndDate()
    {
        using var portal = new BizEnvFactory();
        var (admin, html) = await PreviewAsync(portal, Revised() with { IssuingOffice = null, IssueDate = null });
        Assert.DoesNotContain("印发单位", html, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await ConfirmAsync(admin, html, [])).StatusCode);

        var list = await portal.WithDbAsync(db => db.Lists.SingleAsync());
        Assert.Equal((Seed.IssuingOffice, Seed.IssueDate, Seed.Year), (list.IssuingOffice, list.IssueDate, list.Year));
    }

    [Fact]
    public async Task TamperedChoicesAreRefusedInChinese()
    {
        using var portal = new BizEnvFactory();
        var (admin, html) = await PreviewAsync(portal, Revised());

        var response = await ConfirmAsync(admin, html, new() { ["Problems[0].Indicator"] = "1", ["Problems[0].Position"] = "1", ["Problems[0].Match"] = "-1" });

        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("The field", body, StringComparison.Ordinal);
        Assert.Contains("对应的原问题", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePreviewShowsPerIndicatorWhatIsKeptRewordedAddedAndArchived()
    {
        using var portal = new BizEnvFactory();
        await portal.ProgressWithEvidenceAsync((await OriginalIdsAsync(portal))[0]);

        var (_, html) = await PreviewAsync(portal, Revised());

        var plan = new HtmlPage(HttpStatusCode.OK, html).Section("plan-indicator-1", "</section>");
        Assert.Contains("指标 1“开办企业”", plan, StringComparison.Ordinal);
        Assert.Contains("保留", plan, StringComparison.Ordinal);
        Assert.Contains("改写", plan, StringComparison.Ordinal);
        Assert.Contains(WebUtility.HtmlEncode(OneNet), plan, StringComparison.Ordinal);
        Assert.Contains(WebUtility.HtmlEncode(OneNetReworded), plan, StringComparison.Ordinal);
        Assert.Contains("新增", plan, StringComparison.Ordinal);
        Assert.Contains("归档", plan, StringComparison.Ordinal);
        Assert.Contains("有整改记录", plan, StringComparison.Ordinal);
        Assert.Contains("与原问题 1 对应", plan, StringComparison.Ordinal);
        Assert.Contains("作为新增问题", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("plan-indicator-2\"", html, StringComparison.Ordinal);
        Assert.Equal(4, (await IndicatorOneProblemsAsync(portal)).Count(p => !p.IsArchived));
    }

    [Fact]
    public async Task AMatchTheOfficeCorrectsInThePreviewIsHonoured()
    {
        using var portal = new BizEnvFactory();
        var ids = await OriginalIdsAsync(portal);
        await portal.ProgressWithEvidenceAsync(ids[0]);
        var list = WithIndicatorOne(SealRewritten, Helpers, OneNet, Ukey);
        var (admin, html) = await PreviewAsync(portal, list);
        // By itself the matcher sees a new problem and an old one gone.
        Assert.Contains($"归档：原问题 1“{WebUtility.HtmlEncode(Seal)}”", new HtmlPage(HttpStatusCode.OK, html).Section("plan-indicator-1", "</section>"), StringComparison.Ordinal);

        var response = await ConfirmAsync(admin, html, new() { ["Problems[0].Match"] = Id(ids[0]) });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var problems = await IndicatorOneProblemsAsync(portal);
        Assert.Equal(4, problems.Length);
        var first = problems.Single(p => p.Id == ids[0]);
        Assert.Equal((1, SealRewritten, false), (first.Ordinal, first.Text, first.IsArchived));
        Assert.True(await portal.WithDbAsync(db => db.ProgressEntries.AnyAsync(e => e.ProblemId == ids[0])));

        var (_, again) = await PreviewAsync(portal, list);
        Assert.Contains("完全一致，无需导入", again, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rename")]
    [InlineData("merge")]
    [InlineData("new")]
    public async Task TheOfficeChoosesWhatALookAlikeUnitIsAndResponsibilitiesFollow(string choice)
    {
        using var portal = new BizEnvFactory();
        var oldId = await portal.WithDbAsync(db => db.Units.Where(u => u.Name == MarketUnit).Select(u => u.Id).SingleAsync());
        var list = UnitRenamed(Seed, MarketUnit, MarketUnitRenamed);
        var (admin, html) = await PreviewAsync(portal, list);
        var units = new HtmlPage(HttpStatusCode.OK, html).Section("plan-units", "</section>");
        // Offered, never chosen for the office: renaming or merging changes the unit in every list.
        Assert.Contains($"value=\"rename:{oldId}\"", units, StringComparison.Ordinal);
        Assert.Contains($"value=\"merge:{oldId}\"", units, StringComparison.Ordinal);
        Assert.Contains("value=\"new\" selected", units, StringComparison.Ordinal);

        var response = await ConfirmAsync(admin, html, new() { ["Units[0].Choice"] = choice == "new" ? "new" : $"{choice}:{oldId}" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var (names, lead, responsible) = await portal.WithDbAsync(async db => (
            await db.Units.Where(u => u.Name == MarketUnit || u.Name == MarketUnitRenamed).ToDictionaryAsync(u => u.Name, u => u.Id),
            await db.IndicatorUnits.Where(iu => iu.Indicator.Number == 1 && iu.Role == UnitRole.Lead).Select(iu => iu.UnitId).SingleAsync(),
            await db.Problems.Where(p => p.Indicator.Number == 1).Select(p => p.ResponsibleUnitId).Distinct().ToListAsync()));
        var expected = choice switch
        {
            "rename" => new Dictionary<string, int> { [MarketUnitRenamed] = oldId },
            "merge" => new Dictionary<string, int> { [MarketUnit] = oldId },
            _ => new Dictionary<string, int> { [MarketUnit] = oldId, [MarketUnitRenamed] = names.GetValueOrDefault(MarketUnitRenamed) },
        };
        Assert.Equal(expected.OrderBy(p => p.Key), names.OrderBy(p => p.Key));
        var leadId = choice == "new" ? names[MarketUnitRenamed] : oldId;
        Assert.Equal(leadId, lead);
        Assert.Equal([leadId], responsible.Select(r => r!.Value));
        Assert.Equal(choice == "merge", await portal.WithDbAsync(db => db.UnitAliases.AnyAsync(a => a.Name == MarketUnitRenamed && a.UnitId == oldId)));

        var (_, again) = await PreviewAsync(portal, list);
        Assert.Contains("完全一致，无需导入", again, StringComparison.Ordinal);
    }

    public static TheoryData<string> InvalidChoices => ["another-indicator", "two-to-one", "unknown-problem", "unknown-position", "unknown-unit", "garbled-unit"];

    [Theory]
    [MemberData(nameof(InvalidChoices))]
    public async Task AnImpossibleChoiceIsRefusedInChineseAndWritesNothing(string kind)
    {
        using var portal = new BizEnvFactory();
        var ids = await OriginalIdsAsync(portal);
        var otherIndicator = await portal.WithDbAsync(db => db.Problems.Where(p => p.Indicator.Number == 2).Select(p => p.Id).FirstAsync());
        var unitId = await portal.WithDbAsync(db => db.Units.Where(u => u.Name == MarketUnit).Select(u => u.Id).SingleAsync());
        var list = UnitRenamed(WithIndicatorOne(SealRewritten, Helpers, OneNet, Added), MarketUnit, MarketUnitRenamed);
        var (admin, html) = await PreviewAsync(portal, list);
        var before = await SnapshotAsync(portal);

        var choices = kind switch
        {
            "another-indicator" => new Dictionary<string, string> { ["Problems[0].Match"] = Id(otherIndicator) },
            "two-to-one" => new() { ["Problems[0].Match"] = Id(ids[0]), ["Problems[1].Match"] = Id(ids[0]) },
            "unknown-problem" => new() { ["Problems[0].Match"] = "999999" },
            "unknown-position" => new() { ["Problems[0].Position"] = "99", ["Problems[0].Match"] = Id(ids[0]) },
            "unknown-unit" => new() { ["Units[0].Choice"] = "merge:999999" },
            _ => new() { ["Units[0].Choice"] = $"rename:{unitId}:x" },
        };
        var response = await ConfirmAsync(admin, html, choices);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Matches("alert-danger[^>]*>[^<]*\\p{IsCJKUnifiedIdeographs}", await response.Content.ReadAsStringAsync());
        Assert.Equal(before, await SnapshotAsync(portal));
    }

    /// <summary>Everything a refused confirmation must leave alone: problems, units and audited changes.</summary>
    private static Task<string> SnapshotAsync(BizEnvFactory portal) => portal.WithDbAsync(async db => System.Text.Json.JsonSerializer.Serialize(new
    {
        problems = await db.Problems.IgnoreQueryFilters().OrderBy(p => p.Id).Select(p => new { p.Id, p.Ordinal, p.Text, p.IsArchived, p.ResponsibleUnitId }).ToListAsync(),
        units = await db.Units.OrderBy(u => u.Id).Select(u => u.Name).ToListAsync(),
        audit = await db.AuditEntries.CountAsync(a => a.EntityType != null),
    }));

    [GeneratedRegex("name=\"token\" value=\"([0-9a-f]{32})\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("<input type=\"hidden\" name=\"((?:Problems|Units)\\[\\d+\\]\\.\\w+)\" value=\"([^\"]*)\"")]
    private static partial Regex HiddenChoicePattern();
}
