using Linze.BizEnv.Web.Domain.Rectification;

namespace Linze.BizEnv.Web.Domain;

/// <summary>
/// A numbered problem (存在问题) under an indicator, and its rectification (整改): measures, due date, the unit
/// that answers for it, percent complete and status. Status changes only through the methods below, which refuse
/// what the workflow does not allow (<see cref="RefusedException"/>) and keep a history of every change.
/// </summary>
public class Problem
{
    private Problem()
    {
        Text = null!; // EF Core sets every property from the row.
    }

    public int Id { get; set; }

    public int IndicatorId { get; set; }

    public Indicator Indicator { get; set; } = null!;

    /// <summary>The problem's number within its indicator, from 1.</summary>
    public int Ordinal { get; private set; }

    public string Text { get; private set; }

    /// <summary>整改措施.</summary>
    public string? Measures { get; private set; }

    /// <summary>整改时限. Changes later only by an approved extension or the county office.</summary>
    public DateOnly? DueDate { get; private set; }

    /// <summary>
    /// 整改时限 written as 长期坚持: an ongoing measure with no fixed date (<see cref="DueDate"/> is then null). A term of
    /// the schedule, not a status: it stays when the problem is closed, and the ledger prints it as 长期坚持.
    /// </summary>
    public bool IsLongTerm { get; private set; }

    /// <summary>When rectification started: the basis of 序时进度 (expected progress for the time elapsed).</summary>
    public DateOnly? StartDate { get; private set; }

    /// <summary>
    /// The unit that answers for the problem: the indicator's lead unit when the problem is created, later any unit
    /// with a role on the indicator (<see cref="SetSchedule"/>).
    /// </summary>
    public int? ResponsibleUnitId { get; private set; }

    public Unit? ResponsibleUnit { get; private set; }

    /// <summary>完成进度, 0–100.</summary>
    public int PercentComplete { get; private set; }

    public ProblemStatus Status { get; private set; } = ProblemStatus.NotStarted;

    /// <summary>Why the county office last returned a submission; shown to the unit until it resubmits.</summary>
    public string? ReturnReason { get; private set; }

    public DateTime? LastProgressAtUtc { get; private set; }

    public DateTime? ClosedAtUtc { get; private set; }

    /// <summary>
    /// A problem that a later version of the list dropped but that has rectification history: kept, hidden from every
    /// page and count by a query filter. Its ordinal is moved out of the way (negative) so the number can be reused.
    /// </summary>
    public bool IsArchived { get; private set; }

    /// <summary>Changes with every save of the problem, so two people editing it cannot overwrite each other.</summary>
    public Guid Version { get; private set; } = Guid.NewGuid();

    public List<StatusChange> StatusChanges { get; } = [];

    public List<ExtensionRequest> ExtensionRequests { get; } = [];

    /// <summary>
    /// Entries written up to this instant are frozen: once a problem is submitted for closure (申请销号) every entry it
    /// has, and any written while it is under review, is what the county office reviews, and stays so when it is closed;
    /// a return (退回) reopens only what is written after the return.
    /// </summary>
    public DateTime? EntriesFrozenUntilUtc => FrozenUntil(Status, StatusChanges.Where(c => c.From == ProblemStatus.SubmittedForClosure).Max(c => (DateTime?)c.AtUtc));

    /// <summary><see cref="EntriesFrozenUntilUtc"/> from the status and the time of the last decision on a submission.</summary>
    public static DateTime? FrozenUntil(ProblemStatus status, DateTime? lastDecisionUtc) =>
        status is ProblemStatus.SubmittedForClosure or ProblemStatus.Closed ? DateTime.MaxValue : lastDecisionUtc;

    /// <summary>
    /// A new problem numbered <paramref name="ordinal"/> under an indicator, answered for by the indicator's lead unit
    /// (<paramref name="lead"/>, when it has one) and started on <paramref name="startDate"/> (the list's issue date).
    /// </summary>
    public static Problem Create(int ordinal, string text, IndicatorUnit? lead = null, DateOnly? startDate = null)
    {
        FieldLengths.Check(text, FieldLengths.LongText, "存在问题");
        if (lead is not null && lead.Role != UnitRole.Lead)
        {
            throw new ArgumentException("A new problem is answered for by its indicator's lead unit.", nameof(lead));
        }

        return new Problem
        {
            Ordinal = ordinal,
            Text = text,
            StartDate = startDate,
            ResponsibleUnit = lead?.Unit,
            ResponsibleUnitId = lead is { UnitId: > 0 } ? lead.UnitId : null, // a unit not yet saved: from the navigation on save
        };
    }

    /// <summary>The problem takes number <paramref name="ordinal"/> within its indicator (a list update renumbered it).</summary>
    public void Renumber(int ordinal)
    {
        if (ordinal == Ordinal)
        {
            return; // no change: a list update must not make every open form on the list stale
        }

        Ordinal = ordinal;
        Touch();
    }

    /// <summary>
    /// Frees the problem's number for another problem while the list is renumbered: numbers are unique within an
    /// indicator, so a problem moves out of the way (a negative number) before it takes its new one.
    /// </summary>
    public void MoveNumberAside() => Renumber(-Id);

    /// <summary>
    /// Hands the problem to <paramref name="unit"/> without the schedule form: the unit answering for it merged into
    /// another, or stopped holding a role on the indicator when the list was updated (then the lead unit takes it).
    /// </summary>
    public void HandTo(Unit unit)
    {
        ResponsibleUnit = unit;
        if (unit.Id > 0)
        {
            ResponsibleUnitId = unit.Id; // a unit not yet saved gets its key, and the problem with it, when it is
        }

        Touch();
    }

    public void Archive()
    {
        IsArchived = true;
        Ordinal = -Id;
        Touch();
    }

    /// <summary>A list update names an archived problem again: it comes back at <paramref name="ordinal"/>, with its history.</summary>
    public void Restore(int ordinal)
    {
        IsArchived = false;
        Ordinal = ordinal;
        Touch();
    }

    /// <summary>A new version of the list says the same problem in other words: the problem keeps its progress; the audit trail keeps the old text.</summary>
    public void Reword(string text)
    {
        FieldLengths.Check(text, FieldLengths.LongText, "存在问题");
        Text = text;
        Touch();
    }

    public bool IsOverdue(DateOnly today) => ScoreboardRules.IsOverdue(new ClosureOutcome(Status, DueDate, ClosedAtUtc), today);

    /// <summary>
    /// Sets the schedule. <paramref name="longTerm"/> true makes the due date 长期坚持 (no date); false a fixed date or none;
    /// null (the schedule form, which has no such choice) keeps 长期坚持 unless a date is given.
    /// </summary>
    /// <remarks>
    /// A new responsible unit must hold a role (组长、副组长或成员单位) on the problem's indicator, so changing it needs the
    /// indicator and its units loaded.
    /// </remarks>
    public void SetSchedule(DateOnly? dueDate, DateOnly? startDate, int? responsibleUnitId, bool? longTerm = null)
    {
        ThrowIfClosed("已销号的问题不能再修改整改时限或责任单位。");
        if (responsibleUnitId is { } unitId && unitId != ResponsibleUnitId)
        {
            CheckHoldsRole(unitId);
        }
        else if (responsibleUnitId is null && ResponsibleUnitId is not null)
        {
            throw new RefusedException("请选择责任单位：问题须由本指标的一个组长、副组长或成员单位负责。");
        }

        if (dueDate is { } due && startDate is { } start && due < start)
        {
            throw new RefusedException("整改时限不能早于开始日期。");
        }

        if (longTerm == true && dueDate is not null)
        {
            throw new RefusedException("整改时限为“长期坚持”时不能同时有日期。");
        }

        IsLongTerm = longTerm ?? (IsLongTerm && dueDate is null);
        DueDate = dueDate;
        StartDate = startDate;
        ResponsibleUnitId = responsibleUnitId;
        Touch();
    }

    /// <summary>
    /// Whether <paramref name="unitId"/> may answer for the problem: it holds a role (组长、副组长或成员单位) on the
    /// problem's indicator, which must be loaded with its units.
    /// </summary>
    public bool MayBeAnsweredForBy(int unitId) =>
        (Indicator?.Units ?? throw new InvalidOperationException("Load the problem's indicator with its units before changing the responsible unit."))
        .Any(r => r.UnitId == unitId);

    private void CheckHoldsRole(int unitId)
    {
        if (!MayBeAnsweredForBy(unitId))
        {
            throw new RefusedException(Indicator.Name is { Length: > 0 } name
                ? $"责任单位须是指标“{name}”的组长、副组长或成员单位。"
                : "责任单位须是本指标的组长、副组长或成员单位。");
        }
    }

    public void EditMeasures(string? measures)
    {
        ThrowIfClosed("已销号的问题不能再修改整改措施。");
        FieldLengths.Check(measures, FieldLengths.LongText, "整改措施");
        Measures = string.IsNullOrWhiteSpace(measures) ? null : measures.Trim();
        Touch();
    }

    /// <summary>Refuses what <see cref="RecordProgress"/> would refuse, changing nothing: checked before evidence files are stored.</summary>
    public void CheckCanRecordProgress(int? percentComplete)
    {
        ThrowIfClosed("已销号的问题不能再登记进展。");
        if (percentComplete is < 0 or > 100)
        {
            throw new RefusedException("完成进度须在 0 到 100 之间。");
        }
    }

    /// <summary>
    /// Whether an entry written for <paramref name="unitId"/> is 协办 (supporting) progress: a deputy's or member's entry
    /// on a problem another unit answers for. It is recorded and shown, but moves none of the problem's figures; the
    /// responsible unit's entries and the county office's (no unit) do. A problem with no responsible unit takes any unit's.
    /// </summary>
    public bool IsSupportedBy(int? unitId) => unitId is { } unit && ResponsibleUnitId is { } responsible && unit != responsible;

    /// <summary>A progress entry of the responsible unit (or the county office) was added: the first one starts rectification.</summary>
    public void RecordProgress(int? percentComplete, string byName, DateTime nowUtc)
    {
        CheckCanRecordProgress(percentComplete);
        if (percentComplete is { } percent)
        {
            PercentComplete = percent;
        }

        LastProgressAtUtc = nowUtc;
        if (Status == ProblemStatus.NotStarted)
        {
            ChangeStatus(ProblemStatus.InProgress, null, byName, nowUtc);
        }

        Touch();
    }

    /// <summary>
    /// The entries that move the figures changed (one was corrected or deleted): percent, last progress and so the light
    /// follow the newest of those that remain (<paramref name="remaining"/>); with none left, a problem in progress is
    /// not started again.
    /// </summary>
    public void FollowEntries(EntryTally remaining, string byName, DateTime nowUtc)
    {
        PercentComplete = remaining.LatestPercent ?? 0;
        LastProgressAtUtc = remaining.LastAtUtc;
        if (remaining.LastAtUtc is null && Status == ProblemStatus.InProgress)
        {
            ChangeStatus(ProblemStatus.NotStarted, "已删除全部整改进展", byName, nowUtc);
        }

        Touch();
    }

    /// <summary>
    /// 申请销号: the responsible unit says the work is done, in its 整改完成情况说明 (<paramref name="note"/>, required),
    /// and shows evidence. The note is kept on the status change, where the review and the exports read it.
    /// </summary>
    public void SubmitForClosure(string? note, bool hasEvidence, string byName, DateTime nowUtc)
    {
        if (Status is not (ProblemStatus.InProgress or ProblemStatus.Ongoing))
        {
            throw new RefusedException($"当前状态为“{Status.ToChinese()}”，不能申请销号。");
        }

        if (!hasEvidence)
        {
            throw new RefusedException("申请销号前，请至少在一条整改进展中上传一份佐证材料。");
        }

        if (string.IsNullOrWhiteSpace(note))
        {
            throw new RefusedException("申请销号须填写整改完成情况说明：做了什么、达到了什么效果。");
        }

        FieldLengths.Check(note.Trim(), FieldLengths.Reason, "整改完成情况说明");
        ReturnReason = null;
        ChangeStatus(ProblemStatus.SubmittedForClosure, note.Trim(), byName, nowUtc);
    }

    /// <summary>销号: the county office approves the submission, with a 审核意见 (<paramref name="comment"/>) if it has one.</summary>
    public void ApproveClosure(string? comment, string byName, DateTime nowUtc)
    {
        ThrowUnlessSubmitted("批准销号");
        FieldLengths.Check(comment?.Trim(), FieldLengths.Reason, "审核意见");
        PercentComplete = 100;
        ClosedAtUtc = nowUtc;
        ChangeStatus(ProblemStatus.Closed, string.IsNullOrWhiteSpace(comment) ? null : comment.Trim(), byName, nowUtc);
    }

    /// <summary>退回: the county office sends the submission back with a reason the unit sees.</summary>
    public void ReturnSubmission(string reason, string byName, DateTime nowUtc)
    {
        ThrowUnlessSubmitted("退回");
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new RefusedException("退回须填写理由。");
        }

        FieldLengths.Check(reason.Trim(), FieldLengths.Reason, "退回理由");

        ReturnReason = reason.Trim();
        ChangeStatus(ProblemStatus.InProgress, ReturnReason, byName, nowUtc);
    }

    /// <summary>长期坚持: for items that are never "finished".</summary>
    public void MarkOngoing(string byName, DateTime nowUtc)
    {
        if (Status is not (ProblemStatus.NotStarted or ProblemStatus.InProgress))
        {
            throw new RefusedException($"当前状态为“{Status.ToChinese()}”，不能设为长期坚持。");
        }

        ChangeStatus(ProblemStatus.Ongoing, null, byName, nowUtc);
    }

    /// <summary>申请延期. The request waits for the county office; the due date changes only if approved.</summary>
    public ExtensionRequest RequestExtension(DateOnly newDueDate, string reason, string byName, DateTime nowUtc)
    {
        ThrowIfClosed("已销号的问题不能申请延期。");
        if (DueDate is null)
        {
            throw new RefusedException(IsLongTerm ? "整改时限为“长期坚持”，无需申请延期。" : "该问题尚未设定整改时限，无需申请延期；如需设定，请联系县营商办。");
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new RefusedException("申请延期须填写理由。");
        }

        FieldLengths.Check(reason.Trim(), FieldLengths.Reason, "延期理由");

        if (ExtensionRequests.Any(r => r.Status == ExtensionStatus.Pending))
        {
            throw new RefusedException("已有一项延期申请正在等待审核。");
        }

        if (DueDate is { } due && newDueDate <= due)
        {
            throw new RefusedException($"新的整改时限须晚于原时限（{ChinaTime.FormatDate(due)}）。");
        }

        var request = new ExtensionRequest
        {
            OldDueDate = DueDate,
            NewDueDate = newDueDate,
            Reason = reason.Trim(),
            RequestedByName = byName,
            RequestedAtUtc = nowUtc,
            Status = ExtensionStatus.Pending,
        };
        ExtensionRequests.Add(request);
        Touch();
        return request;
    }

    public void DecideExtension(long requestId, bool approve, string? reason, string byName, DateTime nowUtc)
    {
        var request = ExtensionRequests.SingleOrDefault(r => r.Id == requestId && r.Status == ExtensionStatus.Pending)
            ?? throw new RefusedException("该延期申请不存在或已审核。");
        if (!approve && string.IsNullOrWhiteSpace(reason))
        {
            throw new RefusedException("驳回延期申请须填写理由。");
        }

        FieldLengths.Check(reason?.Trim(), FieldLengths.Reason, "审核意见");

        request.Status = approve ? ExtensionStatus.Approved : ExtensionStatus.Rejected;
        request.DecisionReason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        request.DecidedByName = byName;
        request.DecidedAtUtc = nowUtc;
        if (approve)
        {
            DueDate = request.NewDueDate;
        }

        Touch();
    }

    private void ChangeStatus(ProblemStatus to, string? reason, string byName, DateTime nowUtc)
    {
        StatusChanges.Add(new StatusChange { From = Status, To = to, Reason = reason, ByName = byName, AtUtc = nowUtc });
        Status = to;
        Touch();
    }

    private void ThrowIfClosed(string message)
    {
        if (Status == ProblemStatus.Closed)
        {
            throw new RefusedException(message);
        }
    }

    private void ThrowUnlessSubmitted(string action)
    {
        if (Status != ProblemStatus.SubmittedForClosure)
        {
            throw new RefusedException($"当前状态为“{Status.ToChinese()}”，只有申请销号的问题才能{action}。");
        }
    }

    private void Touch() => Version = Guid.NewGuid();
}
