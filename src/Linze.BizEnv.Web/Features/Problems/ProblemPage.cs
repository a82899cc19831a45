using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Linze.BizEnv.Web.Authorization;
using Linze.BizEnv.Web.Data;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Domain.Rectification;
using Linze.BizEnv.Web.Features.Shared;
using Linze.BizEnv.Web.Workflow;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Linze.BizEnv.Web.Features.Problems;

/// <summary>What a user writes in a progress entry, new or corrected: date, text, percent, and the confirmation of an unusual value.</summary>
public class EntryFields
{
    [Display(Name = "进展日期")]
    [FormDate]
    public DateOnly? Date { get; set; }

    [Display(Name = "进展内容")]
    [Bounded(FieldLengths.LongText)]
    public string? Text { get; set; }

    [Display(Name = "完成进度")]
    [Range(0, 100, ErrorMessage = "完成进度须在 0 到 100 之间。")]
    public int? PercentComplete { get; set; }

    /// <summary>确认无误: the user confirms a lower percent or an old work date (<see cref="ProgressEntry.CheckUnusual"/>).</summary>
    [Display(Name = "确认无误")]
    public bool Confirmed { get; set; }

    /// <summary>The last save asked for confirmation: the form shows the 确认无误 box.</summary>
    [BindNever]
    public bool AskConfirmation { get; set; }
}

public sealed class EntryForm : EntryFields
{
    /// <summary>
    /// The percent the page showed when the form was drawn: a drop below it is what the user must confirm, so clerks
    /// writing at the same moment are not asked about each other's entries.
    /// </summary>
    [Display(Name = "原完成进度")]
    [Range(0, 100, ErrorMessage = "原完成进度须在 0 到 100 之间。")]
    public int? PercentShown { get; set; }

    /// <summary>Identifies this form as shown, so that sending it twice records one entry.</summary>
    [Display(Name = "表单标识")]
    public Guid? SubmissionKey { get; set; } = Guid.NewGuid();
}

public sealed class MeasuresForm
{
    [Display(Name = "整改措施")]
    [Bounded(FieldLengths.LongText)]
    public string? Measures { get; set; }

    [Display(Name = "版本")]
    public Guid Version { get; set; }
}

public sealed class ScheduleForm
{
    [Display(Name = "整改时限")]
    [FormDate]
    public DateOnly? DueDate { get; set; }

    [Display(Name = "开始日期")]
    [FormDate]
    public DateOnly? StartDate { get; set; }

    [Display(Name = "责任单位")]
    public int? ResponsibleUnitId { get; set; }

    [Display(Name = "版本")]
    public Guid Version { get; set; }
}

public sealed record EvidenceLink(long Id, string FileName, long Size, string ContentType)
{
    /// <summary>Opens in the portal's viewer (PDF, PNG, JPEG); any other file downloads.</summary>
    public bool OpensInBrowser => EvidenceStore.OpensInBrowser(ContentType);
}

public enum TimelineKind
{
    Progress,
    Status,
    Instruction,
    Extension,
    Urge,
    Notice,
}

/// <param name="Document">An issued 公文's address (its .docx; .pdf beside it), when the item is one.</param>
public sealed record TimelineItem(
    DateTime AtUtc, TimelineKind Kind, string Title, string? Body, string? By,
    IReadOnlyList<EvidenceLink> Evidence, long? EntryId, bool CanChange, DateOnly? WorkDate, string? Document = null);

public sealed record OpenInstruction(long Id, string Text, string AuthorName, DateTime CreatedAtUtc);

public sealed record OpenUrge(string Text, string ByName, DateTime AtUtc);

public sealed record Permissions(bool AddProgress, bool Respond, bool EditMeasures, bool Review, bool Instruct, bool Urge = false, bool IssueNotice = false);

/// <summary>The 督办通知单 form: the reply date offered (or as typed, after a refusal), its bounds, and the key that makes a double submit issue one notice.</summary>
public sealed record NoticeForm(DateOnly ReplyBy, DateOnly Earliest, DateOnly Latest, Guid SubmissionKey, bool PdfAvailable)
{
    /// <summary>A fresh form (a new key) offering the issuer's reply dates.</summary>
    public static NoticeForm New(Documents.ReplyDates dates, bool pdfAvailable) => new(dates.Offered, dates.Earliest, dates.Latest, Guid.NewGuid(), pdfAvailable);
}

/// <summary>Everything the problem page shows, and the forms it holds (with what the user typed, after a refusal).</summary>
public sealed class ProblemPageModel : IRefusablePage, IConfirmingPage
{
    /// <summary>No longer in its list since an update: shown read-only, with its history.</summary>
    public bool IsArchived { get; init; }

    public required int Id { get; init; }

    public required NamedLink Indicator { get; init; }

    public required int IndicatorNumber { get; init; }

    public required int Ordinal { get; init; }

    public required string Text { get; init; }

    public required ProblemStatus Status { get; init; }

    public required TrafficLight Light { get; init; }

    public required bool IsOverdue { get; init; }

    /// <summary>督办等级 of an overdue problem; null when it is not overdue.</summary>
    public UrgeLevel? UrgeLevel { get; init; }

    /// <summary>催办 the unit has not yet answered with a progress entry, oldest first.</summary>
    public IReadOnlyList<OpenUrge> OpenUrges { get; init; } = [];

    public DateOnly? DueDate { get; init; }

    /// <summary>整改时限 is 长期坚持 (no fixed date).</summary>
    public bool IsLongTerm { get; init; }

    public DateOnly? StartDate { get; init; }

    public int? ExpectedPercent { get; init; }

    public required int PercentComplete { get; init; }

    public string? Measures { get; init; }

    public NamedLink? ResponsibleUnit { get; init; }

    public string? ReturnReason { get; init; }

    /// <summary>The 整改完成情况说明 of the submission under review (申请销号 only).</summary>
    public string? ClosureNote { get; init; }

    public required Guid Version { get; init; }

    public ExtensionRequest? PendingExtension { get; init; }

    public required IReadOnlyList<TimelineItem> Timeline { get; init; }

    /// <summary>Which page of the history <see cref="Timeline"/> is, newest first.</summary>
    public required Pager History { get; init; }

    public required IReadOnlyList<OpenInstruction> OpenInstructions { get; init; }

    public required IReadOnlyList<NamedLink> IndicatorUnits { get; init; }

    public required Permissions Can { get; init; }

    /// <summary>The user's unit is a deputy or member here: its entries are 协办 and move none of the figures.</summary>
    public bool WritesSupporting { get; init; }

    public EntryForm Entry { get; set; } = new();

    public MeasuresForm MeasuresInput { get; set; } = new();

    public ScheduleForm Schedule { get; set; } = new();

    /// <summary>The 整改完成情况说明 as typed, shown again when the submission was refused.</summary>
    public string? ClosureNoteInput { get; set; }

    /// <summary>The 审核意见 of an approval as typed, shown again when it was refused.</summary>
    public string? ReviewCommentInput { get; set; }

    /// <summary>The 退回 reason as typed, shown again when the return was refused.</summary>
    public string? ReturnReasonInput { get; set; }

    /// <summary>A refused 批示, shown again for correction.</summary>
    public string? InstructionInput { get; set; }

    /// <summary>A refused 催办, shown again for correction.</summary>
    public string? UrgeInput { get; set; }

    /// <summary>The 督办通知单 form, for those who may issue one.</summary>
    public NoticeForm? Notice { get; set; }

    public string? Error { get; set; }

    public void AskToConfirm() => Entry.AskConfirmation = true;
}

/// <summary>Builds the problem page with a fixed number of queries, whatever the length of its history, which it shows a page at a time.</summary>
public sealed class ProblemPageBuilder(
    BizEnvDbContext db, IAuthorizationService authorization, TimeProvider time, IOptions<TrafficLightOptions> lights, IOptions<UrgeOptions> urgeLevels,
    Documents.NoticeIssuer notices, Documents.PdfConverter pdf)
{
    public const int HistoryPageSize = 50;

    public async Task<ProblemPageModel?> BuildAsync(int id, ClaimsPrincipal user, CancellationToken ct, int historyPage = 1)
    {
        // An archived problem (no longer in its list since an update) keeps its page, read-only, with its history.
        var problem = await db.Problems.AsNoTracking().IgnoreQueryFilters()
            .Include(p => p.Indicator)
            .Include(p => p.ResponsibleUnit)
            .Include(p => p.ExtensionRequests)
            .Include(p => p.StatusChanges)
            .AsSplitQuery()
            .SingleOrDefaultAsync(p => p.Id == id, ct);
        if (problem is null)
        {
            return null;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";
        var urges = await db.Urges.AsNoTracking().Where(u => u.ProblemId == id).OrderBy(u => u.AtUtc).ToListAsync(ct);
        var issued = await db.SupervisionNoticeProblems.AsNoTracking().Where(n => n.ProblemId == id)
            .Select(n => new { n.NoticeId, n.Notice.UnitId, n.Notice.DocumentNumber, n.Notice.IssuedAtUtc, n.Notice.IssuedByName, n.Notice.ReplyBy, n.OverdueDays, n.Level, Others = n.Notice.Problems.Count - 1 })
            .ToListAsync(ct);
        var otherEvents = urges.Count + issued.Count + problem.StatusChanges.Count + problem.ExtensionRequests.Sum(r => r.DecidedAtUtc is null ? 1 : 2);
        var (entries, instructions, history) = await NewestHistoryAsync(
            db.ProgressEntries.Where(e => e.ProblemId == id), db.Instructions.Where(i => i.ProblemId == id), otherEvents, historyPage, ct);
        var openInstructions = await db.Instructions.AsNoTracking().Where(i => i.ProblemId == id && i.AnsweredByEntryId == null)
            .OrderBy(i => i.CreatedAtUtc).Select(i => new OpenInstruction(i.Id, i.Text, i.AuthorName, i.CreatedAtUtc)).ToListAsync(ct);
        var frozenUntil = problem.IsArchived ? DateTime.MaxValue : problem.EntriesFrozenUntilUtc;
        var units = await db.IndicatorUnits.AsNoTracking().Where(iu => iu.IndicatorId == problem.IndicatorId)
            .OrderBy(iu => iu.Role).ThenBy(iu => iu.SortOrder).Select(iu => new NamedLink(iu.UnitId, iu.Unit.Name)).ToListAsync(ct);

        var timeline = new List<TimelineItem>();
        timeline.AddRange(entries.Select(e => ProgressItem(e, userId, now, frozenUntil)));
        timeline.AddRange(problem.StatusChanges.Select(c => new TimelineItem(
            c.AtUtc, TimelineKind.Status, $"状态：{c.From.ToChinese()} → {c.To.ToChinese()}",
            c.Reason is null ? null : ReasonLabel(c) + c.Reason,
            c.ByName, [], null, false, null)));
        timeline.AddRange(instructions.Select(InstructionItem));
        timeline.AddRange(urges.Select(u => new TimelineItem(
            u.AtUtc, TimelineKind.Urge, u.AnsweredByEntryId is null ? "催办（待回复）" : "催办（已回复）", u.Text, u.ByName, [], null, false, null)));
        // The document itself opens for whom Operations.ReadNotice allows (the county office, leaders, the unit it went to).
        var readable = new HashSet<long>();
        foreach (var n in issued)
        {
            if ((await authorization.AuthorizeAsync(user, new IssuedNotice(n.NoticeId, n.UnitId), Operations.ReadNotice)).Succeeded)
            {
                readable.Add(n.NoticeId);
            }
        }

        timeline.AddRange(issued.Select(n => new TimelineItem(
            n.IssuedAtUtc, TimelineKind.Notice, $"督办通知单 {n.DocumentNumber}",
            $"要求于 {Documents.DocumentParts.ChineseDate(n.ReplyBy)}前书面回复"
                + (n.OverdueDays is { } days ? $"；印发时逾期 {days} 天，{n.Level?.ToChinese()}" : "；印发时进展滞后")
                + (n.Others > 0 ? $"；同一通知单另督办该单位 {n.Others} 个问题" : "") + "。",
            n.IssuedByName, [], null, false, null, readable.Contains(n.NoticeId) ? $"/notices/{n.NoticeId}" : null)));
        foreach (var r in problem.ExtensionRequests)
        {
            timeline.Add(new TimelineItem(r.RequestedAtUtc, TimelineKind.Extension,
                $"申请延期：{ChinaTime.FormatDate(r.OldDueDate, "未定")} → {ChinaTime.FormatDate(r.NewDueDate)}", "理由：" + r.Reason, r.RequestedByName, [], null, false, null));
            if (r.DecidedAtUtc is { } decided)
            {
                timeline.Add(new TimelineItem(decided, TimelineKind.Extension,
                    r.Status == ExtensionStatus.Approved ? "延期申请已批准" : "延期申请被驳回", r.DecisionReason, r.DecidedByName, [], null, false, null));
            }
        }

        var today = ChinaTime.Today(time);
        var lightInput = new LightInput(problem.Status, problem.DueDate, problem.StartDate, problem.PercentComplete, problem.LastProgressAtUtc,
            await db.Lists.Where(l => l.Id == problem.Indicator.ListId).Select(l => (DateTime?)l.CreatedAtUtc).SingleOrDefaultAsync(ct));
        return new ProblemPageModel
        {
            Id = problem.Id,
            Indicator = new NamedLink(problem.IndicatorId, problem.Indicator.Name),
            IndicatorNumber = problem.Indicator.Number,
            Ordinal = problem.Ordinal,
            Text = problem.Text,
            Status = problem.Status,
            Light = TrafficLightRules.Compute(lightInput, now, lights.Value),
            IsOverdue = problem.IsOverdue(today),
            UrgeLevel = problem.IsArchived ? null : UrgeLevels.For(TrafficLightRules.Facts(lightInput, now, lights.Value).OverdueDays, urgeLevels.Value),
            OpenUrges = [.. urges.Where(u => u.AnsweredByEntryId == null).Select(u => new OpenUrge(u.Text, u.ByName, u.AtUtc))],
            DueDate = problem.DueDate,
            IsLongTerm = problem.IsLongTerm,
            StartDate = problem.StartDate,
            ExpectedPercent = TrafficLightRules.ExpectedPercent(problem.StartDate, problem.DueDate, today),
            PercentComplete = problem.PercentComplete,
            Measures = problem.Measures,
            ResponsibleUnit = problem.ResponsibleUnit is null ? null : new NamedLink(problem.ResponsibleUnit.Id, problem.ResponsibleUnit.Name),
            ReturnReason = problem.Status == ProblemStatus.InProgress ? problem.ReturnReason : null,
            ClosureNote = problem.Status == ProblemStatus.SubmittedForClosure
                ? problem.StatusChanges.Where(c => c.To == ProblemStatus.SubmittedForClosure).MaxBy(c => c.AtUtc)?.Reason : null,
            Version = problem.Version,
            PendingExtension = problem.ExtensionRequests.FirstOrDefault(r => r.Status == ExtensionStatus.Pending),
            Timeline = PageOf(timeline, history),
            History = history,
            OpenInstructions = openInstructions,
            IndicatorUnits = units,
            IsArchived = problem.IsArchived,
            WritesSupporting = problem.IsSupportedBy(user.ToWriter().UnitId),
            Can = problem.IsArchived ? new Permissions(false, false, false, false, false) : new Permissions(
                await Allowed(user, problem, Operations.Update),
                await Allowed(user, problem, Operations.Respond),
                await Allowed(user, problem, Operations.EditMeasures),
                await Allowed(user, problem, Operations.Review),
                await Allowed(user, problem, Operations.Instruct),
                problem.Status != ProblemStatus.Closed && await Allowed(user, problem, Operations.Urge),
                // 督办通知单: for an overdue (red) or lagging (yellow) problem with a unit to send it to.
                TrafficLightRules.Compute(lightInput, now, lights.Value) is TrafficLight.Red or TrafficLight.Yellow
                    && problem.ResponsibleUnitId is not null && await Allowed(user, problem, Operations.IssueNotice)),
            Entry = new EntryForm { Date = today, PercentComplete = problem.PercentComplete, PercentShown = problem.PercentComplete },
            MeasuresInput = new MeasuresForm { Measures = problem.Measures, Version = problem.Version },
            Schedule = new ScheduleForm { DueDate = problem.DueDate, StartDate = problem.StartDate, ResponsibleUnitId = problem.ResponsibleUnitId, Version = problem.Version },
            Notice = NoticeForm.New(notices.ReplyWindow(), pdf.IsAvailable),
        };
    }

    /// <summary>
    /// The entries and instructions a history page needs, and the pager, in four queries whatever the history's length:
    /// the newest page × size items of each kind hold the page asked for, whatever the mix of kinds.
    /// </summary>
    public static async Task<(List<ProgressEntry> Entries, List<Instruction> Instructions, Pager History)> NewestHistoryAsync(
        IQueryable<ProgressEntry> entries, IQueryable<Instruction> instructions, int otherItems, int page, CancellationToken ct)
    {
        var history = new Pager(page, HistoryPageSize, await entries.CountAsync(ct) + await instructions.CountAsync(ct) + otherItems, "history");
        var newest = history.Current * HistoryPageSize;
        return (
            await entries.AsNoTracking().Include(e => e.Evidence).OrderByDescending(e => e.CreatedAtUtc).ThenByDescending(e => e.Id).Take(newest).ToListAsync(ct),
            await instructions.AsNoTracking().OrderByDescending(i => i.CreatedAtUtc).ThenByDescending(i => i.Id).Take(newest).ToListAsync(ct),
            history);
    }

    /// <summary>One page of a history, newest first; an entry and the status change it caused share an instant: the change shows above its cause.</summary>
    public static IReadOnlyList<TimelineItem> PageOf(IEnumerable<TimelineItem> items, Pager history) =>
        [.. items.OrderByDescending(t => t.AtUtc).ThenBy(t => t.Kind == TimelineKind.Progress)
            .Skip((history.Current - 1) * HistoryPageSize).Take(HistoryPageSize)];

    /// <summary>A progress entry as a timeline item; shared by the problem and indicator pages.</summary>
    public static TimelineItem ProgressItem(ProgressEntry e, string userId, DateTime nowUtc, DateTime? frozenUntilUtc = null) => new(
        e.CreatedAtUtc, TimelineKind.Progress,
        (e.IsSupporting ? "协办进展" : "整改进展") + (e.PercentComplete is { } p ? $" · 完成 {p}%" : ""),
        e.Text, e.AuthorName,
        [.. e.Evidence.Select(f => new EvidenceLink(f.Id, f.FileName, f.Size, f.ContentType))],
        e.Id, e.AuthorId == userId && e.IsChangeable(nowUtc, frozenUntilUtc), e.Date);

    /// <summary>What a status change's words are: the unit's 整改完成情况说明, the office's 审核意见 or 退回理由, or a note.</summary>
    private static string ReasonLabel(StatusChange c) =>
        c.To == ProblemStatus.SubmittedForClosure ? "整改完成情况说明："
        : c.From == ProblemStatus.SubmittedForClosure && c.To == ProblemStatus.Closed ? "审核意见："
        : c.From == ProblemStatus.SubmittedForClosure ? "退回理由："
        : "说明：";

    /// <summary>A leader's instruction as a timeline item; shared by the problem and indicator pages.</summary>
    public static TimelineItem InstructionItem(Instruction i) => new(
        i.CreatedAtUtc, TimelineKind.Instruction, i.AnsweredByEntryId is null ? "领导批示（待回复）" : "领导批示（已回复）",
        i.Text, i.AuthorName, [], null, false, null);

    private async Task<bool> Allowed(ClaimsPrincipal user, Problem problem, Microsoft.AspNetCore.Authorization.Infrastructure.OperationAuthorizationRequirement operation) =>
        (await authorization.AuthorizeAsync(user, problem, operation)).Succeeded;
}
