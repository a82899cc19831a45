namespace Linze.BizEnv.Web.Domain;

/// <summary>A unit's role on an indicator, with its position among the units of that role.</summary>
public class IndicatorUnit
{
    public int IndicatorId { get; set; }

    public Indicator Indicator { get; set; } = null!;

    public int UnitId { get; set; }

    public Unit Unit { get; set; } = null!;

    public UnitRole Role { get; set; }

    /// <summary>Position within the role, from 1, as the list names the units.</summary>
    public int SortOrder { get; set; }
}
