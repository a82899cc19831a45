namespace Linze.BizEnv.Web.Domain.Rectification;

/// <summary>The <c>Urge</c> configuration section: where the 督办 levels change with the days a problem is overdue.</summary>
public sealed class UrgeOptions
{
    public const string Section = "Urge";

    /// <summary>蓝色督办 from 1 overdue day up to this many; 黄色督办 after.</summary>
    public int BlueDays { get; set; } = 7;

    /// <summary>黄色督办 up to this many overdue days; 红色督办 after.</summary>
    public int YellowDays { get; set; } = 30;
}

/// <summary>督办等级: how hard an overdue problem is pressed, by the days it is overdue.</summary>
public enum UrgeLevel
{
    Blue = 1,
    Yellow = 2,
    Red = 3,
}

/// <summary>蓝色督办 1–<see cref="UrgeOptions.BlueDays"/> days overdue, 黄色督办 up to <see cref="UrgeOptions.YellowDays"/>, 红色督办 beyond. Computed, never stored.</summary>
public static class UrgeLevels
{
    /// <summary>The level for a problem overdue by <paramref name="overdueDays"/> (<see cref="LightFacts.OverdueDays"/>); null when it is not overdue.</summary>
    public static UrgeLevel? For(int? overdueDays, UrgeOptions options) =>
        overdueDays is not { } days || days < 1 ? null
        : days <= options.BlueDays ? UrgeLevel.Blue
        : days <= options.YellowDays ? UrgeLevel.Yellow
        : UrgeLevel.Red;

    public static string ToChinese(this UrgeLevel level) => level switch
    {
        UrgeLevel.Blue => "蓝色督办",
        UrgeLevel.Yellow => "黄色督办",
        UrgeLevel.Red => "红色督办",
        _ => level.ToString(),
    };

    /// <summary>The Bootstrap colour of the level's badge.</summary>
    public static string CssColour(this UrgeLevel level) => level switch
    {
        UrgeLevel.Blue => "primary",
        UrgeLevel.Yellow => "warning",
        _ => "danger",
    };
}
