namespace Linze.BizEnv.Web.Domain;

/// <summary>A responsible unit (责任单位): a county department or agency; shared across lists.</summary>
public class Unit
{
    public int Id { get; set; }

    public required string Name { get; set; }

    /// <summary>The unit's 钉钉 group robot (custom robot webhook), set by an Admin; null when it has none.</summary>
    public string? DingTalkWebhook { get; set; }

    /// <summary>The 钉钉 robot's signing secret (加签), when the robot uses one. Never shown or audited.</summary>
    public string? DingTalkSecret { get; set; }

    /// <summary>The unit's 企业微信 group robot webhook; null when it has none.</summary>
    public string? WeComWebhook { get; set; }

    public List<IndicatorUnit> Roles { get; } = [];
}
