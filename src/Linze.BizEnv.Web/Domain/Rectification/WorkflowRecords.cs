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

    /// <summary>完成进度 reported with the entry (problem entries only).</summary>
    public int? PercentComplete { get; set; }

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

    /// <summary>The author corrects the work date and text (<see cref="CheckChangeable"/> first: the entry may be frozen).</summary>
    public void Edit(DateOnly date, string? text, DateOnly today)
    {
        Text = CheckWork(date, text, today);
        Date = date;
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
