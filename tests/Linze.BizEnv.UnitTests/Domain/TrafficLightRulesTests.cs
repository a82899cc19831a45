using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Domain.Rectification;

namespace Linze.BizEnv.UnitTests.Domain;

public class TrafficLightRulesTests
{
    private static readonly TrafficLightOptions Options = new() { DueSoonDays = 7, StaleDays = 30, BehindPacePoints = 25 };

    // 2026-06-15 10:00 in China.
    private static readonly DateTime Now = new(2026, 6, 15, 2, 0, 0, DateTimeKind.Utc);

    private static readonly DateOnly Today = new(2026, 6, 15);

    private static TrafficLight Light(ProblemStatus status = ProblemStatus.InProgress, DateOnly? due = null, DateOnly? start = null, int percent = 50, DateTime? lastProgress = null) =>
        TrafficLightRules.Compute(new LightInput(status, due, start, percent, lastProgress ?? Now.AddDays(-1)), Now, Options);

    [Fact]
    public void AClosedProblemIsClosedWhateverItsDates() =>
        Assert.Equal(TrafficLight.Closed, Light(ProblemStatus.Closed, due: Today.AddDays(-100)));

    [Theory]
    [InlineData(-1, TrafficLight.Red)]
    [InlineData(0, TrafficLight.Yellow)] // due today: not yet overdue
    [InlineData(7, TrafficLight.Yellow)]
    [InlineData(8, TrafficLight.Green)]
    public void TheDueDateDecidesRedAndYellowAtItsBoundaries(int daysToDue, TrafficLight expected) =>
        Assert.Equal(expected, Light(due: Today.AddDays(daysToDue)));

    [Theory]
    [InlineData(ProblemStatus.NotStarted)]
    [InlineData(ProblemStatus.SubmittedForClosure)]
    [InlineData(ProblemStatus.Ongoing)]
    public void EveryOpenStatusIsRedOncePastDue(ProblemStatus status) =>
        Assert.Equal(TrafficLight.Red, Light(status, due: Today.AddDays(-1)));

    [Theory]
    [InlineData(30, TrafficLight.Green)]
    [InlineData(31, TrafficLight.Yellow)]
    public void NoProgressForMoreThanThirtyDaysIsYellow(int daysSinceProgress, TrafficLight expected) =>
        Assert.Equal(expected, Light(due: Today.AddDays(90), lastProgress: Now.AddDays(-daysSinceProgress)));

    [Fact]
    public void WithoutAnyProgressTheStartDateCountsAsTheLastActivity()
    {
        Assert.Equal(TrafficLight.Yellow, TrafficLightRules.Compute(new LightInput(ProblemStatus.NotStarted, Today.AddDays(90), Today.AddDays(-31), 0, null), Now, Options));
        Assert.Equal(TrafficLight.Green, TrafficLightRules.Compute(new LightInput(ProblemStatus.NotStarted, Today.AddDays(300), Today.AddDays(-10), 0, null), Now, Options));
    }

    [Theory]
    [InlineData(0, TrafficLight.Green)] // loaded today: not "1618 天未报送"
    [InlineData(30, TrafficLight.Green)]
    [InlineData(31, TrafficLight.Yellow)] // a month in the portal without a report
    public void AListLoadedLongAfterItsStartCountsSilenceFromTheDayItWasLoaded(int daysSinceLoaded, TrafficLight expected)
    {
        var facts = new LightInput(ProblemStatus.NotStarted, null, new DateOnly(2022, 6, 24), 0, null, Now.AddDays(-daysSinceLoaded));

        Assert.Equal(expected, TrafficLightRules.Compute(facts, Now, Options));
        Assert.Equal(daysSinceLoaded > 30 ? daysSinceLoaded : null, TrafficLightRules.Facts(facts, Now, Options).StaleDays);
    }

    [Theory]
    [InlineData(25, TrafficLight.Green)] // expected 50%, 25 points behind: still on pace
    [InlineData(24, TrafficLight.Yellow)] // 26 points behind
    public void FallingMoreThanTwentyFivePointsBehindPaceIsYellow(int percent, TrafficLight expected)
    {
        // Started 50 days ago, due in 50 days: 序时进度 50%.
        Assert.Equal(expected, Light(due: Today.AddDays(50), start: Today.AddDays(-50), percent: percent));
    }

    [Fact]
    public void ExpectedPercentIsTheShareOfTimeElapsed()
    {
        Assert.Equal(50, TrafficLightRules.ExpectedPercent(Today.AddDays(-10), Today.AddDays(10), Today));
        Assert.Equal(0, TrafficLightRules.ExpectedPercent(Today.AddDays(5), Today.AddDays(10), Today));
        Assert.Equal(100, TrafficLightRules.ExpectedPercent(Today.AddDays(-20), Today.AddDays(-10), Today));
        Assert.Null(TrafficLightRules.ExpectedPercent(null, Today, Today));
    }

    [Fact]
    public void TheDayTurnsAtMidnightChinaTimeNotUtc()
    {
        // 2026-06-15 23:30 UTC is already 16 June in China: a problem due on the 15th is overdue.
        var lateUtc = new DateTime(2026, 6, 15, 23, 30, 0, DateTimeKind.Utc);
        Assert.Equal(TrafficLight.Red, TrafficLightRules.Compute(new LightInput(ProblemStatus.InProgress, new DateOnly(2026, 6, 15), null, 50, lateUtc), lateUtc, Options));
        Assert.True(Problem.Create(1, "x").IsOverdue(new DateOnly(2026, 6, 16)) is false);
    }

    [Fact]
    public void ThresholdsComeFromConfiguration()
    {
        var strict = new TrafficLightOptions { DueSoonDays = 14, StaleDays = 30, BehindPacePoints = 25 };
        Assert.Equal(TrafficLight.Yellow, TrafficLightRules.Compute(new LightInput(ProblemStatus.InProgress, Today.AddDays(10), null, 50, Now), Now, strict));
        Assert.Equal(TrafficLight.Green, TrafficLightRules.Compute(new LightInput(ProblemStatus.InProgress, Today.AddDays(10), null, 50, Now), Now, Options));
    }
}
