namespace Linze.BizEnv.Web.Domain.Rectification;

/// <summary>Where a problem's rectification stands. Stored as text; names are stable.</summary>
public enum ProblemStatus
{
    /// <summary>未启动</summary>
    NotStarted,

    /// <summary>整改中</summary>
    InProgress,

    /// <summary>申请销号</summary>
    SubmittedForClosure,

    /// <summary>已销号</summary>
    Closed,

    /// <summary>长期坚持</summary>
    Ongoing,
}

/// <summary>At-a-glance state, computed from the clock, never stored.</summary>
public enum TrafficLight
{
    /// <summary>绿灯: on track.</summary>
    Green,

    /// <summary>黄灯: due within days, no recent progress, or behind pace.</summary>
    Yellow,

    /// <summary>红灯: overdue.</summary>
    Red,

    /// <summary>已销号.</summary>
    Closed,
}

public static class RectificationNames
{
    public static string ToChinese(this ProblemStatus status) => status switch
    {
        ProblemStatus.NotStarted => "未启动",
        ProblemStatus.InProgress => "整改中",
        ProblemStatus.SubmittedForClosure => "申请销号",
        ProblemStatus.Closed => "已销号",
        ProblemStatus.Ongoing => "长期坚持",
        _ => status.ToString(),
    };

    public static string ToChinese(this TrafficLight light) => light switch
    {
        TrafficLight.Green => "绿灯",
        TrafficLight.Yellow => "黄灯",
        TrafficLight.Red => "红灯",
        TrafficLight.Closed => "已销号",
        _ => light.ToString(),
    };

    /// <summary>The Bootstrap colour used for a light.</summary>
    public static string CssColour(this TrafficLight light) => light switch
    {
        TrafficLight.Green => "success",
        TrafficLight.Yellow => "warning",
        TrafficLight.Red => "danger",
        _ => "secondary",
    };
}
