namespace Linze.BizEnv.Web.Domain;

/// <summary>A responsibility list (清单) issued by a county government: one per year or revision.</summary>
public class ResponsibilityList : IHasCreatedAt
{
    public int Id { get; set; }

    public required string Title { get; set; }

    public string? IssuingOffice { get; set; }

    public DateOnly? IssueDate { get; set; }

    public int Year { get; set; }

    /// <summary>
    /// When the list was loaded into the portal: units are expected to report from then on (the 红黑榜 does not count a
    /// unit as silent for the years between a list's issue and its import).
    /// </summary>
    public DateTime CreatedAtUtc { get; set; }

    /// <summary>Archived lists stay readable but are no longer the county's working list.</summary>
    public bool IsArchived { get; set; }

    public List<Indicator> Indicators { get; } = [];
}
