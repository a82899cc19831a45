namespace Linze.BizEnv.Web.Domain.Rectification;

/// <summary>整改进展 / 对标举措: a dated account of work by a unit, on a problem or (when it has none) an indicator.</summary>
public class ProgressEntry
{
    /// <summary>An entry may be changed by its author for this long after it is written; never after.</summary>
    public static readonly TimeSpan EditWindow = TimeSpan.FromHours(24);

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
            throw new WorkflowException(reason);
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
public class Instruction
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
}
