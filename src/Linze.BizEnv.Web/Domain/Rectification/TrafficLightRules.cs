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
/// <param name="ListLoadedAtUtc">
/// When the problem's list was loaded into the portal: a problem never reported on is counted as not reported from the
/// later of its start date and this (a 2022 list loaded in 2026 is not "1618 天未报送" on its first day; ADR-0016).
/// </param>
public readonly record struct LightInput(
    ProblemStatus Status, DateOnly? DueDate, DateOnly? StartDate, int PercentComplete, DateTime? LastProgressAtUtc, DateTime? ListLoadedAtUtc = null);

/// <summary>
/// Why a problem's light is what it is, each in days or points; null where it does not apply. 我的工作 says these to the
/// unit (逾期 N 天, N 天后到期, N 天未报送, 落后序时进度 N 个百分点).
/// </summary>
public readonly record struct LightFacts(int? OverdueDays, int? DueInDays, int? StaleDays, int? BehindPoints)
{
    public bool IsAtRisk => DueInDays is not null || StaleDays is not null || BehindPoints is not null;
}

/// <summary>红 overdue; 黄 due soon, stale or behind pace; 绿 otherwise; 已销号 closed. Computed, never stored.</summary>
public static class TrafficLightRules
{
    public static TrafficLight Compute(LightInput p, DateTime nowUtc, TrafficLightOptions options) =>
        p.Status == ProblemStatus.Closed ? TrafficLight.Closed
        : Facts(p, nowUtc, options) is var facts && facts.OverdueDays is not null ? TrafficLight.Red
        : facts.IsAtRisk ? TrafficLight.Yellow
        : TrafficLight.Green;

    /// <summary>The facts behind the light of an open problem (none for a closed one).</summary>
    public static LightFacts Facts(LightInput p, DateTime nowUtc, TrafficLightOptions options)
    {
        if (p.Status == ProblemStatus.Closed)
        {
            return default;
        }

        var today = DateOnly.FromDateTime(ChinaTime.From(nowUtc));
        var daysToDue = p.DueDate is { } due ? due.DayNumber - today.DayNumber : (int?)null;
        var lastActivity = p.LastProgressAtUtc is { } last ? DateOnly.FromDateTime(ChinaTime.From(last)) : SilentSince(p.StartDate, p.ListLoadedAtUtc);
        var idle = lastActivity is { } active ? today.DayNumber - active.DayNumber : (int?)null;
        var behind = ExpectedPercent(p.StartDate, p.DueDate, today) is { } expected ? expected - p.PercentComplete : (int?)null;
        return new LightFacts(
            daysToDue < 0 ? -daysToDue : null,
            daysToDue >= 0 && daysToDue <= options.DueSoonDays ? daysToDue : null,
            idle > options.StaleDays ? idle : null,
            behind > options.BehindPacePoints ? behind : null);
    }

    /// <summary>
    /// Since when silence counts for someone who never reported: the later of <paramref name="date"/> (a problem's start,
    /// a list's issue) and the Beijing day the list was loaded into the portal; null when neither is known.
    /// </summary>
    public static DateOnly? SilentSince(DateOnly? date, DateTime? listLoadedAtUtc)
    {
        var loaded = listLoadedAtUtc is { } at ? DateOnly.FromDateTime(ChinaTime.From(at)) : (DateOnly?)null;
        return loaded > date || date is null ? loaded : date;
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
