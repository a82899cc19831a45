using System.ComponentModel.DataAnnotations;
using Linze.BizEnv.Web.Authorization;
using Linze.BizEnv.Web.Configuration;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Domain.Rectification;
using Linze.BizEnv.Web.Features.Errors;
using Linze.BizEnv.Web.Features.Shared;
using Linze.BizEnv.Web.Workflow;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace Linze.BizEnv.Web.Features.Problems;

/// <summary>
/// A problem's page and every step of its rectification. Each POST authorizes the user against the problem on the
/// server, lets the domain decide the transition, and on a refusal or a conflict shows the page again with the
/// reason and everything the user typed.
/// </summary>
[Route("problems/{id:int}")]
[ShowsFormErrors]
public sealed class ProblemsController(
    RectificationService workflow,
    ProblemPageBuilder pages,
    Documents.NoticeIssuer notices) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Details(int id, int history = 1, CancellationToken ct = default) =>
        await pages.BuildAsync(id, User, ct, history) is { } page ? View(page) : NotFound();

    [HttpPost("entries")]
    [RequestSizeLimit(UploadLimits.RequestBytes)]
    [RequestFormLimits(MultipartBodyLengthLimit = UploadLimits.RequestBytes)]
    public Task<IActionResult> AddEntry(int id, EntryForm entry, List<IFormFile>? files, CancellationToken ct) =>
        RunAsync(id, Operations.Update, "已登记整改进展。", page => page.Entry = entry, problem => WebInput.WithUploadsAsync(files, uploads =>
            workflow.AddEntryAsync(problem.IndicatorId, problem, Writer(), entry.Date ?? ChinaToday(), entry.Text, entry.PercentComplete, uploads, ct, entry.SubmissionKey, entry.Confirmed, entry.PercentShown)));

    [HttpPost("submit")]
    public Task<IActionResult> Submit(int id, [Display(Name = "整改完成情况说明"), Bounded(FieldLengths.Reason)] string? note, CancellationToken ct) =>
        RunAsync(id, Operations.Respond, "已申请销号，等待县营商办审核。", page => page.ClosureNoteInput = note, problem => workflow.SubmitForClosureAsync(problem, note, Writer(), ct));

    [HttpPost("approve")]
    public Task<IActionResult> Approve(int id, [Display(Name = "审核意见"), Bounded(FieldLengths.Reason)] string? comment, [Display(Name = "版本")] Guid version, CancellationToken ct) =>
        RunAsync(id, Operations.Review, "已批准销号。", page => page.ReviewCommentInput = comment, problem => workflow.ApproveClosureAsync(problem, version, comment, Writer(), ct));

    [HttpPost("return")]
    public Task<IActionResult> Return(int id, [Display(Name = "退回理由"), Bounded(FieldLengths.Reason)] string? reason, [Display(Name = "版本")] Guid version, CancellationToken ct) =>
        RunAsync(id, Operations.Review, "已退回，责任单位将看到退回理由。", page => page.ReturnReasonInput = reason,
            problem => workflow.ReturnAsync(problem, version, reason, Writer(), ct));

    [HttpPost("ongoing")]
    public Task<IActionResult> MarkOngoing(int id, CancellationToken ct) =>
        RunAsync(id, Operations.Review, "已设为长期坚持。", null, problem => workflow.MarkOngoingAsync(problem, Writer(), ct));

    [HttpPost("extension")]
    public Task<IActionResult> RequestExtension(
        int id, [Display(Name = "新的整改时限"), FormDate] DateOnly? newDueDate, [Display(Name = "延期理由"), Bounded(FieldLengths.Reason)] string? reason, CancellationToken ct) =>
        RunAsync(id, Operations.Respond, "已提交延期申请，等待县营商办审核。", null, problem => workflow.RequestExtensionAsync(problem, newDueDate, reason, Writer(), ct));

    [HttpPost("extension/{requestId:long}")]
    public Task<IActionResult> DecideExtension(
        int id, long requestId, [Display(Name = "审核结果")] bool approve, [Display(Name = "审核意见"), Bounded(FieldLengths.Reason)] string? reason, CancellationToken ct) =>
        RunAsync(id, Operations.Review, approve ? "已批准延期，整改时限已更新。" : "已驳回延期申请。", null,
            problem => workflow.DecideExtensionAsync(problem, requestId, approve, reason, Writer(), ct));

    [HttpPost("measures")]
    public Task<IActionResult> EditMeasures(int id, MeasuresForm measuresInput, CancellationToken ct) =>
        RunAsync(id, Operations.EditMeasures, "已保存整改措施。", page => page.MeasuresInput = new MeasuresForm { Measures = measuresInput.Measures, Version = page.Version },
            problem => workflow.EditMeasuresAsync(problem, measuresInput.Version, measuresInput.Measures, ct));

    [HttpPost("schedule")]
    public Task<IActionResult> SetSchedule(int id, ScheduleForm schedule, CancellationToken ct) =>
        RunAsync(id, Operations.Review, "已保存整改时限与责任单位。", page => page.Schedule = new ScheduleForm { DueDate = schedule.DueDate, StartDate = schedule.StartDate, ResponsibleUnitId = schedule.ResponsibleUnitId, Version = page.Version },
            // No unit sent (the select is always filled on the page): the unit stays; a problem is never left without one.
            problem => workflow.SetScheduleAsync(problem, schedule.Version, schedule.DueDate, schedule.StartDate, schedule.ResponsibleUnitId ?? problem.ResponsibleUnitId, ct));

    [HttpPost("instructions")]
    public Task<IActionResult> Instruct(int id, [Display(Name = "批示内容"), Bounded(FieldLengths.Reason)] string? text, CancellationToken ct) =>
        RunAsync(id, Operations.Instruct, "已发送批示。", page => page.InstructionInput = text, problem => workflow.AddInstructionAsync(problem.IndicatorId, problem.Id, text, Writer(), ct));

    [HttpPost("urge")]
    public Task<IActionResult> Urge(int id, [Display(Name = "催办内容"), Bounded(Domain.Rectification.Urge.TextLength)] string? text, CancellationToken ct) =>
        RunAsync(id, Operations.Urge, "已催办，责任单位将立即收到提醒。", page => page.UrgeInput = text, problem => workflow.UrgeAsync(problem, text, Writer(), ct));

    /// <summary>督办通知单 on this problem (Admin): numbered, stored as issued, shown in the timeline and sent to the unit.</summary>
    [HttpPost("notice")]
    public async Task<IActionResult> IssueNotice(
        int id, [Display(Name = "回复期限"), FormDate] DateOnly? replyBy, [Display(Name = "表单标识")] Guid? submissionKey, CancellationToken ct)
    {
        string? done = null;
        return await this.RunAsync(await workflow.FindProblemAsync(id), new WorkflowStep<Problem, ProblemPageModel>(
            Operations.IssueNotice,
            async problem => done = Issued(await notices.IssueForProblemAsync(problem.Id, replyBy, Writer(), submissionKey, ct)),
            "已印发督办通知单。", _ => RedirectToAction(nameof(Details), new { id }), _ => nameof(Details),
            _ => pages.BuildAsync(id, User, HttpContext.RequestAborted),
            page => page.Notice = page.Notice is { } form && replyBy is { } typed ? form with { ReplyBy = typed } : page.Notice,
            () => done));
    }

    /// <summary>What the page says once a notice is issued, and where to download it from there.</summary>
    public static string Issued(SupervisionNotice notice, string whereToDownload = "可在下方记录中下载") =>
        $"已印发督办通知单 {notice.DocumentNumber}，责任单位将立即收到通知；{whereToDownload}。";

    /// <summary>A step on this problem: done, back to its page; refused, its page again with what the user typed.</summary>
    private async Task<IActionResult> RunAsync(
        int id, OperationAuthorizationRequirement operation, string notice, Action<ProblemPageModel>? keepInput, Func<Problem, Task> act) =>
        await this.RunAsync(await workflow.FindProblemAsync(id), new WorkflowStep<Problem, ProblemPageModel>(
            operation, act, notice, _ => RedirectToAction(nameof(Details), new { id }), _ => nameof(Details),
            _ => pages.BuildAsync(id, User, HttpContext.RequestAborted), keepInput));

    private Writer Writer() => User.ToWriter();

    private DateOnly ChinaToday() =>
        ChinaTime.Today(HttpContext.RequestServices.GetRequiredService<TimeProvider>());
}
