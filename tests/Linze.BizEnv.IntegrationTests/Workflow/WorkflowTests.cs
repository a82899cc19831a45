using System.Net;
using System.Text;
using Linze.BizEnv.Web.Authorization;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Domain.Rectification;
using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.IntegrationTests.Workflow;

/// <summary>The rectification loop through the web forms, as the users who may do each step.</summary>
public class WorkflowTests(BizEnvFactory portal) : IClassFixture<BizEnvFactory>
{
    private const string ResponsibleUnit = "县市场监管局";

    private async Task<WebSession> UnitAsync(string unit = ResponsibleUnit) => await portal.SignInAsync(await portal.CreateUserAsync(Roles.Unit, unit));

    private async Task<WebSession> AdminAsync() => await portal.SignInAsync(await portal.CreateUserAsync(Roles.Admin));

    private static async Task<string> Body(HttpResponseMessage response) => await response.Content.ReadAsStringAsync();

    [Fact]
    public async Task TheResponsibleUnitRecordsProgressWithAPdfSubmitsAndTheAdminApproves()
    {
        var id = await portal.NewProblemAsync();
        var unit = await UnitAsync();
        var page = $"/problems/{id}";

        var entry = await unit.PostMultipartAsync(page, $"{page}/entries", new() { ["Text"] = "已实现免费刻章。", ["PercentComplete"] = "90", ["Date"] = ChinaTime.Today(portal.Clock).ToString("yyyy-MM-dd") }, ("刻章费用减免文件.pdf", Scenario.Pdf));
        Assert.Equal(HttpStatusCode.Redirect, entry.StatusCode);
        var submit = await unit.PostFormAsync(page, $"{page}/submit", new() { ["note"] = "已实现新开办企业免费刻章。" });
        Assert.Equal(HttpStatusCode.Redirect, submit.StatusCode);
        Assert.Equal(ProblemStatus.SubmittedForClosure, (await portal.ProblemAsync(id)).Status);

        var approve = await (await AdminAsync()).PostFormAsync(page, $"{page}/approve", []);
        Assert.Equal(HttpStatusCode.Redirect, approve.StatusCode);

        var problem = await portal.ProblemAsync(id);
        Assert.Equal(ProblemStatus.Closed, problem.Status);
        Assert.Equal(100, problem.PercentComplete);
        Assert.Equal(
            [(ProblemStatus.NotStarted, ProblemStatus.InProgress), (ProblemStatus.InProgress, ProblemStatus.SubmittedForClosure), (ProblemStatus.SubmittedForClosure, ProblemStatus.Closed)],
            problem.StatusChanges.OrderBy(c => c.Id).Select(c => (c.From, c.To)));
        var evidence = await portal.WithDbAsync(db => db.Evidence.SingleAsync(e => e.ProgressEntry.ProblemId == id));
        Assert.Equal(("刻章费用减免文件.pdf", "application/pdf", Scenario.Pdf.LongLength), (evidence.FileName, evidence.ContentType, evidence.Size));
        Assert.True(File.Exists(Path.Combine(portal.EvidenceDirectory, evidence.Sha256[..2], evidence.Sha256)));
        var audit = await portal.WithDbAsync(db => db.AuditEntries.Where(a => a.EntityType == nameof(Problem) && a.EntityKey == id.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToListAsync());
        Assert.Contains(audit, a => a.Changes!.Contains("\"Status\":{\"Before\":\"SubmittedForClosure\",\"After\":\"Closed\"}", StringComparison.Ordinal));
        Assert.Contains(audit, a => a.UnitName == ResponsibleUnit);
        Assert.Contains("已销号", await (await portal.ViewerClientAsync()).GetStringAsync(new Uri(page, UriKind.Relative)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AReturnedSubmissionShowsItsReasonToTheUnitAndLeadsItsWorkList()
    {
        var id = await portal.NewProblemAsync();
        await portal.SubmittedAsync(id);
        var page = $"/problems/{id}";

        var returned = await (await AdminAsync()).PostFormAsync(page, $"{page}/return", new() { ["reason"] = "佐证材料未盖章，请补充。" });
        Assert.Equal(HttpStatusCode.Redirect, returned.StatusCode);

        var unit = await UnitAsync();
        Assert.Contains("佐证材料未盖章，请补充。", await unit.GetHtmlAsync(page), StringComparison.Ordinal);
        var work = new HtmlPage(HttpStatusCode.OK, await unit.GetHtmlAsync("/my-work"));
        Assert.Contains("被退回：佐证材料未盖章", work.Section("work-items", "</a>"), StringComparison.Ordinal);
        Assert.Equal(ProblemStatus.InProgress, (await portal.ProblemAsync(id)).Status);
    }

    [Fact]
    public async Task AReturnWithoutAReasonIsRefusedAndChangesNothing()
    {
        var id = await portal.NewProblemAsync();
        await portal.SubmittedAsync(id);
        var response = await (await AdminAsync()).PostFormAsync($"/problems/{id}", $"/problems/{id}/return", new() { ["reason"] = " " });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("退回须填写理由", await Body(response), StringComparison.Ordinal);
        Assert.Equal(ProblemStatus.SubmittedForClosure, (await portal.ProblemAsync(id)).Status);
    }

    [Fact]
    public async Task SubmittingWithoutEvidenceIsRefusedWithAMessage()
    {
        var id = await portal.NewProblemAsync();
        var unit = await UnitAsync();
        await unit.PostFormAsync($"/problems/{id}", $"/problems/{id}/entries", new() { ["Text"] = "正在整改", ["PercentComplete"] = "30" });

        var response = await unit.PostFormAsync($"/problems/{id}", $"/problems/{id}/submit", []);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("请至少在一条整改进展中上传一份佐证材料", await Body(response), StringComparison.Ordinal);
        Assert.Equal(ProblemStatus.InProgress, (await portal.ProblemAsync(id)).Status);
    }

    private static byte[] BadFile(string name) => name switch
    {
        "程序.pdf" => [(byte)'M', (byte)'Z', 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00], // a Windows program renamed .pdf
        "空文件.pdf" => [],
        "超大.pdf" => [.. Scenario.Pdf, .. new byte[(20 * 1024 * 1024) + 1 - Scenario.Pdf.Length]],
        "压缩包.docx" => [0x50, 0x4B, 0x05, 0x06, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], // an empty zip, not a document
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [InlineData("程序.pdf", "不是允许的类型")]
    [InlineData("空文件.pdf", "是空文件")]
    [InlineData("超大.pdf", "超过 20 MB")]
    [InlineData("压缩包.docx", "不是允许的类型")]
    public async Task ABadUploadIsRefusedWithItsNameNothingIsStoredAndTheTextIsKept(string name, string reason)
    {
        var content = BadFile(name);
        var id = await portal.NewProblemAsync();
        var unit = await UnitAsync();
        var entriesBefore = await portal.WithDbAsync(db => db.ProgressEntries.CountAsync());
        var filesBefore = portal.EvidenceFileCount;

        var response = await unit.PostMultipartAsync($"/problems/{id}", $"/problems/{id}/entries",
            new() { ["Text"] = "我写了很长的一段进展说明", ["PercentComplete"] = "40" },
            ("合格.pdf", [.. Scenario.Pdf, .. Encoding.ASCII.GetBytes(Guid.NewGuid().ToString())]), (name, content));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = await Body(response);
        Assert.Contains($"文件“{name}”{reason}", html, StringComparison.Ordinal);
        Assert.Contains("我写了很长的一段进展说明", html, StringComparison.Ordinal);
        Assert.Equal(entriesBefore, await portal.WithDbAsync(db => db.ProgressEntries.CountAsync()));
        var problem = await portal.ProblemAsync(id);
        Assert.Equal((ProblemStatus.NotStarted, 0), (problem.Status, problem.PercentComplete));
        Assert.Equal(filesBefore, portal.EvidenceFileCount);
    }

    [Fact]
    public async Task AnApprovedExtensionMovesTheDueDateAndAppearsInTheHistory()
    {
        var id = await portal.NewProblemAsync();
        var oldDue = (await portal.ProblemAsync(id)).DueDate!.Value;
        var newDue = oldDue.AddDays(45);
        var unit = await UnitAsync();
        var request = await unit.PostFormAsync($"/problems/{id}", $"/problems/{id}/extension", new() { ["newDueDate"] = newDue.ToString("yyyy-MM-dd"), ["reason"] = "设备采购周期长" });
        Assert.Equal(HttpStatusCode.Redirect, request.StatusCode);
        var admin = await AdminAsync();
        Assert.Contains("设备采购周期长", await admin.GetHtmlAsync("/review"), StringComparison.Ordinal);
        var requestId = (await portal.ProblemAsync(id)).ExtensionRequests.Single().Id;

        await admin.PostFormAsync($"/problems/{id}", $"/problems/{id}/extension/{requestId}", new() { ["approve"] = "true" });

        var problem = await portal.ProblemAsync(id);
        Assert.Equal(newDue, problem.DueDate);
        Assert.Equal((oldDue, ExtensionStatus.Approved), (problem.ExtensionRequests.Single().OldDueDate!.Value, problem.ExtensionRequests.Single().Status));
        Assert.Contains("延期申请已批准", await admin.GetHtmlAsync($"/problems/{id}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnInstructionAtItsLimitTypedWithLineBreaksIsTakenAndAnOverLongOneIsKeptForCorrection()
    {
        var id = await portal.NewProblemAsync();
        var leader = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Leader));
        // The browser counts a line break as one character (maxlength) but sends it as CRLF.
        var atLimit = string.Join("\r\n", Enumerable.Repeat(new string('批', 49), 20)) + new string('批', 1000 - (49 * 20) - 19);
        Assert.Equal(1000, atLimit.Replace("\r\n", "\n", StringComparison.Ordinal).Length);

        using var taken = await leader.PostFormAsync($"/problems/{id}", $"/problems/{id}/instructions", new() { ["text"] = atLimit });
        Assert.Equal(HttpStatusCode.Redirect, taken.StatusCode);
        Assert.Equal(1000, await portal.WithDbAsync(db => db.Instructions.Where(i => i.ProblemId == id).Select(i => i.Text.Length).SingleAsync()));

        using var refused = await leader.PostFormAsync($"/problems/{id}", $"/problems/{id}/instructions", new() { ["text"] = atLimit + "超出" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var form = new HtmlPage(refused.StatusCode, await refused.Content.ReadAsStringAsync()).Section("instruction-form", "</form>");
        Assert.Contains("超出", form, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ALeadersInstructionStaysAtTheTopForTheUnitUntilItAnswersWithProgress()
    {
        var id = await portal.NewProblemAsync();
        var leader = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Leader));
        await leader.PostFormAsync($"/problems/{id}", $"/problems/{id}/instructions", new() { ["text"] = "请本月底前完成免费刻章。" });
        var unit = await UnitAsync();

        Assert.Contains("请本月底前完成免费刻章。", new HtmlPage(HttpStatusCode.OK, await unit.GetHtmlAsync($"/problems/{id}")).Html, StringComparison.Ordinal);
        Assert.Contains("待回复批示 1 条", await unit.GetHtmlAsync("/my-work"), StringComparison.Ordinal);

        var deputy = await UnitAsync("县公安局");
        await deputy.PostFormAsync($"/problems/{id}", $"/problems/{id}/entries", new() { ["Text"] = "配合单位的进展。" });
        Assert.Contains("open-instruction", await unit.GetHtmlAsync($"/problems/{id}"), StringComparison.Ordinal);

        await unit.PostFormAsync($"/problems/{id}", $"/problems/{id}/entries", new() { ["Text"] = "已落实批示要求。", ["PercentComplete"] = "60" });

        Assert.DoesNotContain("open-instruction", await unit.GetHtmlAsync($"/problems/{id}"), StringComparison.Ordinal);
        Assert.NotNull(await portal.WithDbAsync(db => db.Instructions.Where(i => i.ProblemId == id).Select(i => i.AnsweredByEntryId).SingleAsync()));
    }

    [Fact]
    public async Task TwoPeopleSavingTheSameProblemDoNotOverwriteEachOther()
    {
        var id = await portal.NewProblemAsync();
        var version = (await portal.ProblemAsync(id)).Version.ToString();
        var first = await UnitAsync();
        var second = await AdminAsync();

        var saved = await first.PostFormAsync($"/problems/{id}", $"/problems/{id}/measures", new() { ["Measures"] = "甲的措施：开通免费刻章服务", ["Version"] = version });
        var conflict = await second.PostFormAsync($"/problems/{id}", $"/problems/{id}/measures", new() { ["Measures"] = "乙的措施：协调财政资金", ["Version"] = version });

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, conflict.StatusCode);
        var html = await Body(conflict);
        Assert.Contains("该问题刚刚被他人修改", html, StringComparison.Ordinal);
        Assert.Contains("甲的措施：开通免费刻章服务", html, StringComparison.Ordinal); // the current value
        Assert.Contains("乙的措施：协调财政资金", html, StringComparison.Ordinal); // what the second person typed
        Assert.Equal("甲的措施：开通免费刻章服务", (await portal.ProblemAsync(id)).Measures);
        var page = new HtmlPage(HttpStatusCode.OK, html);
        var resave = await second.PostFormAsync($"/problems/{id}", $"/problems/{id}/measures",
            new() { ["Measures"] = "乙的措施：协调财政资金", ["Version"] = System.Text.RegularExpressions.Regex.Match(page.Section("measures-form", "</form>"), "name=\"Version\" value=\"([^\"]+)\"").Groups[1].Value });
        Assert.Equal(HttpStatusCode.Redirect, resave.StatusCode);
    }

    [Fact]
    public async Task AnEntryCanBeChangedByItsAuthorForADayAndNotAfter()
    {
        var id = await portal.NewProblemAsync();
        var authorName = await portal.CreateUserAsync(Roles.Unit, "县公安局");
        var author = await portal.SignInAsync(authorName);
        await author.PostFormAsync($"/problems/{id}", $"/problems/{id}/entries", new() { ["Text"] = "初稿", ["PercentComplete"] = "20" });
        var entryId = await portal.WithDbAsync(db => db.ProgressEntries.Where(e => e.ProblemId == id).Select(e => e.Id).SingleAsync());

        var edit = await author.PostFormAsync($"/entries/{entryId}/edit", $"/entries/{entryId}/edit", new() { ["Text"] = "修改稿", ["Date"] = ChinaTime.Today(portal.Clock).ToString("yyyy-MM-dd") });
        Assert.Equal(HttpStatusCode.Redirect, edit.StatusCode);
        portal.Clock.Advance(TimeSpan.FromHours(25));
        author = await portal.SignInAsync(authorName);
        var late = await author.PostFormAsync($"/entries/{entryId}/edit", $"/entries/{entryId}/edit", new() { ["Text"] = "再改", ["Date"] = ChinaTime.Today(portal.Clock).ToString("yyyy-MM-dd") });

        Assert.Contains("超过 24 小时后不能再修改或删除", await Body(late), StringComparison.Ordinal);
        using var someoneElse = await (await UnitAsync("县公安局")).GetAsync($"/entries/{entryId}/edit");
        Assert.Equal(HttpStatusCode.Forbidden, someoneElse.StatusCode);
        Assert.Equal("修改稿", await portal.WithDbAsync(db => db.ProgressEntries.Where(e => e.Id == entryId).Select(e => e.Text).SingleAsync()));
        Assert.True(await portal.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.EntityType == nameof(ProgressEntry) && a.Action == AuditAction.Updated && a.Changes!.Contains("修改稿"))));
    }

    [Fact]
    public async Task ARefusedDeleteShowsTheProblemPageAgainWithTheReason()
    {
        var id = await portal.NewProblemAsync();
        var authorName = await portal.CreateUserAsync(Roles.Unit, "县公安局");
        var author = await portal.SignInAsync(authorName);
        await author.PostFormAsync($"/problems/{id}", $"/problems/{id}/entries", new() { ["Text"] = "要删的进展", ["PercentComplete"] = "20" });
        var entryId = await portal.WithDbAsync(db => db.ProgressEntries.Where(e => e.ProblemId == id).Select(e => e.Id).SingleAsync());
        portal.Clock.Advance(TimeSpan.FromHours(25));
        author = await portal.SignInAsync(authorName);

        var delete = await author.PostFormAsync($"/problems/{id}", $"/entries/{entryId}/delete", []);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, delete.StatusCode);
        var page = await Body(delete);
        Assert.Contains("id=\"workflow-error\"", page, StringComparison.Ordinal);
        Assert.Contains("超过 24 小时后不能再修改或删除", page, StringComparison.Ordinal);
        Assert.Contains("要删的进展", page, StringComparison.Ordinal); // the problem's page, its history included
        Assert.True(await portal.WithDbAsync(db => db.ProgressEntries.AnyAsync(e => e.Id == entryId)));
        using var someoneElse = await (await UnitAsync("县公安局")).PostFormAsync($"/problems/{id}", $"/entries/{entryId}/delete", []);
        Assert.Equal(HttpStatusCode.Forbidden, someoneElse.StatusCode);
    }

    [Fact]
    public async Task EvidenceDownloadsForSignedInUsersOnly()
    {
        var id = await portal.NewProblemAsync();
        await portal.ProgressWithEvidenceAsync(id);
        var evidenceId = await portal.WithDbAsync(db => db.Evidence.Where(e => e.ProgressEntry.ProblemId == id).Select(e => e.Id).SingleAsync());

        using var anonymous = await portal.CreateBareClient().GetAsync(new Uri($"/evidence/{evidenceId}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        using var signedIn = await (await portal.ViewerClientAsync()).GetAsync(new Uri($"/evidence/{evidenceId}", UriKind.Relative));
        Assert.Equal("application/pdf", signedIn.Content.Headers.ContentType!.MediaType);
        Assert.Equal(Scenario.Pdf, await signedIn.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task AnIndicatorWithoutProblemsTakesProgressOnItselfFromItsUnits()
    {
        var trade = await portal.WithDbAsync(db => db.Indicators.Where(i => i.Number == 7).Select(i => i.Id).SingleAsync());
        var unit = await UnitAsync("县工信商务局");

        var response = await unit.PostMultipartAsync($"/indicators/{trade}", $"/indicators/{trade}/entries", new() { ["Text"] = "组织企业参加进出口培训。" }, ("培训通知.pdf", Scenario.Pdf));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("组织企业参加进出口培训。", await unit.GetHtmlAsync($"/indicators/{trade}"), StringComparison.Ordinal);
        var startingABusiness = await portal.WithDbAsync(db => db.Indicators.Where(i => i.Number == 1).Select(i => i.Id).SingleAsync());
        var refused = await (await UnitAsync()).PostFormAsync($"/indicators/{startingABusiness}", $"/indicators/{startingABusiness}/entries", new() { ["Text"] = "x" });
        Assert.Contains("请在具体问题下登记整改进展", await Body(refused), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADeputyUnitRecordsProgressButCannotSubmitForClosure()
    {
        var id = await portal.NewProblemAsync();
        await portal.ProgressWithEvidenceAsync(id);
        var deputy = await UnitAsync("县公安局");

        var entry = await deputy.PostFormAsync($"/problems/{id}", $"/problems/{id}/entries", new() { ["Text"] = "配合完成数据共享。" });
        using var submit = await deputy.PostFormAsync($"/problems/{id}", $"/problems/{id}/submit", []);

        Assert.Equal(HttpStatusCode.Redirect, entry.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, submit.StatusCode);
        Assert.DoesNotContain("id=\"submit-closure\"", await deputy.GetHtmlAsync($"/problems/{id}"), StringComparison.Ordinal);
    }
}
