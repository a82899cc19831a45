namespace Linze.BizEnv.Web.Domain.Rectification;

/// <summary>整改进展 / 对标举措: a dated account of work by a unit, on a problem or (when it has none) an indicator.</summary>
public class ProgressEntry : IHasCreatedAt, IHasUpdatedAt
{
    /// <summary>An entry may be changed by its author for this long after it is written; never after.</summary>
    public static readonly TimeSpan EditWindow = TimeSpan.FromHours(24);

    /// <summary>The earliest work date an entry takes; the latest is today (Beijing time).</summary>
    public static readonly DateOnly EarliestWorkDate = new(2000, 1, 1);

    public long Id { get; set; }

    public int IndicatorId { get; set; }

    public Indicator Indicator { get; set; } = null!;

    public int? ProblemId { get; set; }

    public Problem? Problem { get; set; }

    public int? UnitId { get; set; }

    public Unit? Unit { get; set; }

    public required string AuthorId { get; set; }

    public required string AuthorName { get; set; }

    /// <summary>The day the work was done.</summary>
    public DateOnly Date { get; set; }

    public required string Text { get; set; }

    /// <summary>完成进度 reported with the entry (problem entries only; never on a 协办 entry).</summary>
    public int? PercentComplete { get; set; }

    /// <summary>
    /// 协办: written by a deputy or member unit on a problem another unit answers for (<see cref="Problem.IsSupportedBy"/>).
    /// Shown in the timeline; moves none of the problem's figures.
    /// </summary>
    public bool IsSupporting { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public DateTime? UpdatedAtUtc { get; set; }

    /// <summary>The key of the form that sent it (unique per author): the same form sent twice is recorded once.</summary>
    public string? SubmissionKey { get; set; }

    public List<Evidence> Evidence { get; } = [];

    /// <summary>
    /// Refuses, saying why, what no entry may say: no text, a text longer than its column, a work date after
    /// <paramref name="today"/> or before <see cref="EarliestWorkDate"/>. Returns the text as it is stored (trimmed).
    /// </summary>
    public static string CheckWork(DateOnly date, string? text, DateOnly today)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new RefusedException("请填写进展内容。");
        }

        FieldLengths.Check(text, FieldLengths.LongText, "进展内容");
        if (date > today)
        {
            throw new RefusedException("进展日期不能晚于今天。");
        }

        if (date < EarliestWorkDate)
        {
            throw new RefusedException($"进展日期不能早于 {ChinaTime.FormatDate(EarliestWorkDate)}。");
        }

        return text.Trim();
    }

    /// <summary>
    /// The author corrects the work date, text and (on an entry that moves its problem's figures) the percent
    /// (<see cref="CheckChangeable"/> first: the entry may be frozen). A lower percent or a work date more than a year
    /// back must be <paramref name="confirmed"/> (<see cref="CheckUnusual"/>).
    /// </summary>
    public void Edit(DateOnly date, string? text, int? percentComplete, DateOnly today, bool confirmed)
    {
        var checkedText = CheckWork(date, text, today);
        var percent = ProblemId is null || IsSupporting ? null : percentComplete ?? PercentComplete;
        if (percent is < 0 or > 100)
        {
            throw new RefusedException("完成进度须在 0 到 100 之间。");
        }

        CheckUnusual(date, today, percent, PercentComplete, confirmed, "由");
        Text = checkedText;
        Date = date;
        PercentComplete = percent;
    }

    /// <summary>
    /// Refuses, until <paramref name="confirmed"/>, what is allowed but most often a slip: a percent lower than
    /// <paramref name="currentPercent"/> (what the problem shows, or the entry said before), or a work date more than a
    /// year before <paramref name="today"/>. Nothing is saved; the page asks the user to tick 确认无误 and save again.
    /// </summary>
    public static void CheckUnusual(DateOnly date, DateOnly today, int? percent, int? currentPercent, bool confirmed, string from = "将由")
    {
        if (confirmed)
        {
            return;
        }

        var doubts = new List<string>();
        if (percent is { } p && currentPercent is { } current && p < current)
        {
            doubts.Add($"完成进度{from} {current}% 降为 {p}%");
        }

        if (date < today.AddYears(-1))
        {
            doubts.Add($"进展日期 {date:yyyy-MM-dd} 在一年多以前");
        }

        if (doubts.Count > 0)
        {
            throw new UnconfirmedException($"请确认：{string.Join("，", doubts)}。如无误，请勾选“确认无误”后再次保存；尚未保存任何内容。");
        }
    }

    /// <summary>
    /// It may be changed for <see cref="EditWindow"/>, unless it was written before the problem's last submission for
    /// closure (<see cref="Problem.EntriesFrozenUntilUtc"/>): evidence that was reviewed stays as it was reviewed. Who
    /// may change it (its author) is the authorization handler's decision (<c>Operations.ChangeEntry</c>).
    /// </summary>
    public bool IsChangeable(DateTime nowUtc, DateTime? frozenUntilUtc = null) => ChangeRefusal(nowUtc, frozenUntilUtc) is null;

    /// <summary>Refuses, saying why, a change <see cref="IsChangeable"/> does not allow.</summary>
    public void CheckChangeable(DateTime nowUtc, DateTime? frozenUntilUtc = null)
    {
        if (ChangeRefusal(nowUtc, frozenUntilUtc) is { } reason)
        {
            throw new RefusedException(reason);
        }
    }

    private string? ChangeRefusal(DateTime nowUtc, DateTime? frozenUntilUtc) =>
        frozenUntilUtc is { } frozen && CreatedAtUtc <= frozen ? "该进展已随申请销号提交审核，不能再修改或删除；如需补充，请登记新的进展。"
        : nowUtc - CreatedAtUtc > EditWindow ? "进展填写超过 24 小时后不能再修改或删除。"
        : null;
}

/// <summary>The entries of a problem that move its figures, as a problem follows them: the newest's time, the newest percent given.</summary>
public readonly record struct EntryTally(DateTime? LastAtUtc, int? LatestPercent);

/// <summary>Refused until the user confirms (a lower percent, an old work date): the page asks again with a 确认无误 box.</summary>
public sealed class UnconfirmedException(string message) : RefusedException(message);

/// <summary>佐证材料: a file attached to a progress entry, kept by its SHA-256 hash.</summary>
public class Evidence
{
    public long Id { get; set; }

    public long ProgressEntryId { get; set; }

    public ProgressEntry ProgressEntry { get; set; } = null!;

    public required string FileName { get; set; }

    public required string ContentType { get; set; }

    public long Size { get; set; }

    /// <summary>Lower-case hex SHA-256 of the content; also the file's name in the evidence store.</summary>
    public required string Sha256 { get; set; }
}

/// <summary>A status change, with the reviewer's reason where there is one: the problem's history of reviews.</summary>
public class StatusChange
{
    public long Id { get; set; }

    public int ProblemId { get; set; }

    public ProblemStatus From { get; set; }

    public ProblemStatus To { get; set; }

    public string? Reason { get; set; }

    public required string ByName { get; set; }

    public DateTime AtUtc { get; set; }
}

public enum ExtensionStatus
{
    Pending,
    Approved,
    Rejected,
}

/// <summary>申请延期: the responsible unit's request for a later due date.</summary>
public class ExtensionRequest
{
    public long Id { get; set; }

    public int ProblemId { get; set; }

    public Problem Problem { get; set; } = null!;

    public DateOnly? OldDueDate { get; set; }

    public DateOnly NewDueDate { get; set; }

    public required string Reason { get; set; }

    public required string RequestedByName { get; set; }

    public DateTime RequestedAtUtc { get; set; }

    public ExtensionStatus Status { get; set; }

    public string? DecisionReason { get; set; }

    public string? DecidedByName { get; set; }

    public DateTime? DecidedAtUtc { get; set; }
}

/// <summary>批示: a leader's written instruction on a problem or an indicator, open until the unit answers it.</summary>
public class Instruction : IHasCreatedAt
{
    public long Id { get; set; }

    public int IndicatorId { get; set; }

    public Indicator Indicator { get; set; } = null!;

    public int? ProblemId { get; set; }

    public Problem? Problem { get; set; }

    public required string Text { get; set; }

    public required string AuthorName { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    /// <summary>The progress entry that answered it; null while open.</summary>
    public long? AnsweredByEntryId { get; set; }

    public DateTime? AnsweredAtUtc { get; set; }

    /// <summary>A new instruction; its text must be given and fit its column.</summary>
    public static Instruction Write(int indicatorId, int? problemId, string? text, string authorName)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > FieldLengths.Reason)
        {
            throw new RefusedException($"批示内容不能为空，也不能超过 {FieldLengths.Reason} 个字。");
        }

        return new Instruction { IndicatorId = indicatorId, ProblemId = problemId, Text = text.Trim(), AuthorName = authorName };
    }
}
