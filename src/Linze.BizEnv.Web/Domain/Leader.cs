namespace Linze.BizEnv.Web.Domain;

/// <summary>A county leader (责任领导) answerable for indicators; shared across lists.</summary>
public class Leader
{
    public int Id { get; set; }

    public required string Name { get; set; }

    public List<Indicator> Indicators { get; } = [];

    /// <summary>
    /// Leaders in the order the list names them (周延年, 李国志, 张晓龙 …), not by code point: a leader is added when a
    /// list first names them, in the list's indicator order, so the key keeps that order.
    /// </summary>
    public static IOrderedQueryable<Leader> InListOrder(IQueryable<Leader> leaders) => leaders.OrderBy(l => l.Id);
}
