namespace Linze.BizEnv.Web.Domain;

/// <summary>Another name for a unit, left behind when two units were merged; imports map it to the unit.</summary>
public class UnitAlias
{
    public int Id { get; set; }

    public required string Name { get; set; }

    public int UnitId { get; set; }

    public Unit Unit { get; set; } = null!;
}
