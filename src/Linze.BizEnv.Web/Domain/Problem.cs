namespace Linze.BizEnv.Web.Domain;

/// <summary>A numbered problem (存在问题) the county has under an indicator.</summary>
public class Problem
{
    public int Id { get; set; }

    public int IndicatorId { get; set; }

    public Indicator Indicator { get; set; } = null!;

    /// <summary>The problem's number within its indicator, from 1.</summary>
    public int Ordinal { get; set; }

    public required string Text { get; set; }
}
