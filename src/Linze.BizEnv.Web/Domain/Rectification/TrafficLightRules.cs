namespace Linze.BizEnv.Web.Domain.Rectification;

/// <summary>The <c>TrafficLight</c> configuration section.</summary>
public sealed class TrafficLightOptions
{
    public const string Section = "TrafficLight";

    /// <summary>黄灯 when the due date is this many days away or fewer.</summary>
    public int DueSoonDays { get; set; } = 7;

    /// <summary>黄灯 when no progress has been recorded for this many days.</summary>
    public int StaleDays { get; set; } = 30;

    /// <summary>黄灯 when percent complete is this many points below 序时进度 (the share of time elapsed).</summary>
    public int BehindPacePoints { get; set; } = 25;
}

/// <summary>What the traffic light needs to know about a problem.</summary>
public readonly record struct LightInput(
    ProblemStatus Status, DateOnly? DueDate, DateOnly? StartDate, int PercentComplete, DateTime? LastProgressAtUtc);

/// <summary>红 overdue; 黄 due soon, stale or behind pace; 绿 otherwise; 已销号 closed. Computed, never stored.</summary>
public static class TrafficLightRules
{
    public static TrafficLight Compute(LightInput p, DateTime nowUtc, TrafficLightOptions options)
    {
        if (p.Status == ProblemStatus.Closed)
        {
            return TrafficLight.Closed;
        }

        var today = DateOnly.FromDateTime(ChinaTime.From(nowUtc));
        if (p.DueDate is { } due)
        {
            if (today > due)
            {
                return TrafficLight.Red;
            }

            if (due.DayNumber - today.DayNumber <= options.DueSoonDays)
            {
                return TrafficLight.Yellow;
            }
        }

        var lastActivity = p.LastProgressAtUtc is { } last ? DateOnly.FromDateTime(ChinaTime.From(last)) : p.StartDate;
        if (lastActivity is { } active && today.DayNumber - active.DayNumber > options.StaleDays)
        {
            return TrafficLight.Yellow;
        }

        return ExpectedPercent(p.StartDate, p.DueDate, today) is { } expected && p.PercentComplete < expected - options.BehindPacePoints
            ? TrafficLight.Yellow
            : TrafficLight.Green;
    }

    /// <summary>序时进度: the share of the time from start to due date that has passed, 0–100; null without both dates.</summary>
    public static int? ExpectedPercent(DateOnly? start, DateOnly? due, DateOnly today)
    {
        if (start is not { } s || due is not { } d || d <= s)
        {
            return null;
        }

        var share = (double)(today.DayNumber - s.DayNumber) / (d.DayNumber - s.DayNumber);
        return (int)Math.Round(Math.Clamp(share, 0, 1) * 100);
    }
}
