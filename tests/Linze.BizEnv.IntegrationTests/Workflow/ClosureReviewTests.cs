using System.Net;
using Linze.BizEnv.Web.Authorization;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Domain.Rectification;

namespace Linze.BizEnv.IntegrationTests.Workflow;

/// <summary>Closure needs words: the unit's 整改完成情况说明, the office's 审核意见; both in the timeline and the review queue.</summary>
public class ClosureReviewTests(BizEnvFactory portal) : IClassFixture<BizEnvFactory>
{
    private async Task<WebSession> UnitAsync() => await portal.SignInAsync(await portal.CreateUserAsync(Roles.Unit, "县市场监管局"));

    private async Task<string> VersionAsync(int id) => (await portal.ProblemAsync(id)).Version.ToString();

    [Fact]
    public async Task ASubmissionWithoutAClosureNoteIsRefusedAndChangesNothing()
    {
        var id = await portal.NewProblemAsync();
        await portal.ProgressWithEvidenceAsync(id);

        var response = await (await UnitAsync()).PostFormAsync($"/problems/{id}", $"/problems/{id}/submit", new() { ["note"] = "  " });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("申请销号须填写整改完成情况说明", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(ProblemStatus.InProgress, (await portal.ProblemAsync(id)).Status);
    }

    [Fact]
    public async Task TheNoteAndTheReviewCommentsShowInTheQueueAndTheTimelineAndAResubmissionIsMarked()
    {
        var id = await portal.NewProblemAsync();
        await portal.ProgressWithEvidenceAsync(id);
        var unit = await UnitAsync();
        var admin = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Admin));
        var page = $"/problems/{id}";

        await unit.PostFormAsync(page, $"{page}/submit", new() { ["note"] = "已开通免费刻章，惠及企业 120 户。" });
        var queue = await admin.GetHtmlAsync("/review");
        var item = System.Text.RegularExpressions.Regex.Match(queue, $"href=\"/problems/{id}\"(.*?)</a>", System.Text.RegularExpressions.RegexOptions.Singleline).Groups[1].Value;
        Assert.Contains("已开通免费刻章，惠及企业 120 户。", item, StringComparison.Ordinal);
        Assert.DoesNotContain("再次提交", item, StringComparison.Ordinal);
        Assert.Contains("已开通免费刻章，惠及企业 120 户。", new HtmlPage(HttpStatusCode.OK, await admin.GetHtmlAsync(page)).Section("closure-note", "</div>"), StringComparison.Ordinal);

        await admin.PostFormAsync(page, $"{page}/return", new() { ["reason"] = "请补充企业名单。", ["Version"] = await VersionAsync(id) });
        await unit.PostFormAsync(page, $"{page}/submit", new() { ["note"] = "已补充企业名单。" });
        queue = await admin.GetHtmlAsync("/review");
        item = System.Text.RegularExpressions.Regex.Match(queue, $"href=\"/problems/{id}\"(.*?)</a>", System.Text.RegularExpressions.RegexOptions.Singleline).Groups[1].Value;
        Assert.Contains("再次提交（第 2 次）", item, StringComparison.Ordinal);
        Assert.Contains("已补充企业名单。", item, StringComparison.Ordinal);

        var approve = await admin.PostFormAsync(page, $"{page}/approve", new() { ["comment"] = "同意销号。", ["Version"] = await VersionAsync(id) });

        Assert.Equal(HttpStatusCode.Redirect, approve.StatusCode);
        var timeline = HtmlPage.Text(new HtmlPage(HttpStatusCode.OK, await unit.GetHtmlAsync(page)).Section("timeline", "</ol>"));
        Assert.Contains("整改完成情况说明：已开通免费刻章，惠及企业 120 户。", timeline, StringComparison.Ordinal);
        Assert.Contains("退回理由：请补充企业名单。", timeline, StringComparison.Ordinal);
        Assert.Contains("整改完成情况说明：已补充企业名单。", timeline, StringComparison.Ordinal);
        Assert.Contains("审核意见：同意销号。", timeline, StringComparison.Ordinal);
        Assert.Equal(ProblemStatus.Closed, (await portal.ProblemAsync(id)).Status);
    }
}
