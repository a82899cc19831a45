namespace Linze.BizEnv.Web.Domain;

/// <summary>A responsible unit (责任单位): a county department or agency; shared across lists.</summary>
public class Unit
{
    public int Id { get; set; }

    public required string Name { get; set; }

    public List<IndicatorUnit> Roles { get; } = [];
}
