namespace Linze.BizEnv.Web.Domain;

/// <summary>A county leader (责任领导) answerable for indicators; shared across lists.</summary>
public class Leader
{
    public int Id { get; set; }

    public required string Name { get; set; }

    public List<Indicator> Indicators { get; } = [];
}
