using System.Net;
using Linze.BizEnv.IntegrationTests.Workflow;
using Linze.BizEnv.Web.Data.Auditing;

namespace Linze.BizEnv.IntegrationTests.Features.Audit;

/// <summary>The audit page's own words: plain Chinese, kinds an office works with, one mark between phrases.</summary>
public partial class AuditPageTests
{
    [Fact]
    public async Task TheFooterStatesTheOneRetentionPeriodInPlainChinese()
    {
        var footer = new HtmlPage(HttpStatusCode.OK, await (await AdminAsync()).GetHtmlAsync("/admin/audit")).Section("audit-retention", "</p>");

        Assert.Contains("审计记录保留 365 天，之后自动清理。", HtmlPage.Text(footer), StringComparison.Ordinal);
        Assert.DoesNotContain("RetentionDays", footer, StringComparison.Ordinal);
        Assert.DoesNotContain(AuditOptions.MinimumRetentionDays.ToString(System.Globalization.CultureInfo.InvariantCulture), footer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheKindFilterOffersAccountsAndBusinessRecordsButNotIdentityInternals()
    {
        var html = await (await AdminAsync()).GetHtmlAsync("/admin/audit");
        var options = html[html.IndexOf("name=\"entity\"", StringComparison.Ordinal)..];
        options = options[..options.IndexOf("</select>", StringComparison.Ordinal)];

        foreach (var kept in new[] { "账号", "问题", "整改进展", "延期申请", "责任单位" })
        {
            Assert.Contains($">{kept}</option>", options, StringComparison.Ordinal);
        }

        foreach (var internals in new[] { "账号声明", "外部登录", "账号令牌", "角色声明", "账号角色", ">角色<" })
        {
            Assert.DoesNotContain(internals, options, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task APhraseEndingInAFullStopIsNotFollowedByAnotherComma()
    {
        var id = await portal.NewProblemAsync();
        await portal.SubmittedAsync(id);
        var admin = await AdminAsync();
        var returned = await admin.PostFormAsync($"/problems/{id}", $"/problems/{id}/return", new() { ["reason"] = "请补充上传后重新申请。" });
        Assert.Equal(HttpStatusCode.Redirect, returned.StatusCode);

        var summary = HtmlPage.Text(Summary().Match(await admin.GetHtmlAsync("/admin/audit?entity=Problem&action=Updated")).Groups[1].Value);

        Assert.Contains("请补充上传后重新申请。状态由 申请销号 改为 整改中", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("。，", summary, StringComparison.Ordinal);
    }
}
