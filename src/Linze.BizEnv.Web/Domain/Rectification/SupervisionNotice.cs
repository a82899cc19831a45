namespace Linze.BizEnv.Web.Domain.Rectification;

/// <summary>
/// 督办通知单: a numbered 公文 to one unit about its overdue or lagging problems, kept exactly as issued. Its number
/// (<see cref="Number"/> of <see cref="Year"/> under <see cref="Prefix"/>) is unique and, since a notice is never deleted,
/// the numbers of a year have no gaps: a number is taken only by the save that stores its notice.
/// </summary>
public class SupervisionNotice
{
    public const int PrefixLength = 12;
    public const int DocumentNumberLength = 40;

    public long Id { get; set; }

    /// <summary>发文机关代字 at issue: 临营商督.</summary>
    public required string Prefix { get; set; }

    /// <summary>The Beijing year of issue: the numbering starts again at 1 each year.</summary>
    public int Year { get; set; }

    public int Number { get; set; }

    /// <summary>发文字号 as printed: 临营商督〔2026〕3号.</summary>
    public required string DocumentNumber { get; set; }

    public int UnitId { get; set; }

    public Unit Unit { get; set; } = null!;

    /// <summary>The day the unit must reply in writing by.</summary>
    public DateOnly ReplyBy { get; set; }

    public DateTime IssuedAtUtc { get; set; }

    public required string IssuedByName { get; set; }

    /// <summary>The key of the form that issued it: the same form sent twice issues one notice.</summary>
    public string? SubmissionKey { get; set; }

    /// <summary>The .docx as issued: what the unit received, whatever has changed since.</summary>
    public required byte[] Content { get; set; }

    public List<SupervisionNoticeProblem> Problems { get; } = [];

    public static string Format(string prefix, int year, int number) => $"{prefix}〔{year}〕{number}号";
}

/// <summary>A problem a 督办通知单 covers, with how overdue it was when the notice was issued.</summary>
public class SupervisionNoticeProblem
{
    public long NoticeId { get; set; }

    public SupervisionNotice Notice { get; set; } = null!;

    public int ProblemId { get; set; }

    public Problem Problem { get; set; } = null!;

    /// <summary>Days overdue at issue; null when it was lagging rather than overdue.</summary>
    public int? OverdueDays { get; set; }

    public UrgeLevel? Level { get; set; }
}
