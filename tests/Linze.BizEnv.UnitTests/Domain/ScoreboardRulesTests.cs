using Linze.BizEnv.Web.Domain.Rectification;

namespace Linze.BizEnv.UnitTests.Domain;

/// <summary>按期销号率 and the 红黑榜: one rule for the dashboard, the unit pages and the 台账's 单位汇总.</summary>
public class ScoreboardRulesTests
{
    private static readonly DateOnly Today = new(2026, 11, 27);

    // 2026-11-20 16:00 UTC is 2026-11-21 00:00 in Beijing: the day that counts is the Beijing day.
    private static readonly DateTime ClosedLateInBeijing = new(2026, 11, 20, 16, 0, 0, DateTimeKind.Utc);

    private static ClosureOutcome Closed(DateOnly? due, DateTime closedAtUtc) => new(ProblemStatus.Closed, due, closedAtUtc);

    private static ClosureOutcome Open(DateOnly? due) => new(ProblemStatus.InProgress, due, null);

    [Fact]
    public void AUnitWithAnOverdueProblemAndNoClosureIsAtZeroNotWithoutARate()
    {
        Assert.Equal(0, ScoreboardRules.OnTimePercent([Open(Today.AddDays(-1))], Today));
    }

    [Fact]
    public void NoClosureAndNothingOverdueHasNoRateYet()
    {
        Assert.Null(ScoreboardRules.OnTimePercent([Open(Today), Open(null), Open(Today.AddDays(30))], Today));
    }

    [Fact]
    public void ARateCountsClosuresByTheirDeadlineInBeijingTimeAndOpenProblemsPastTheirDeadline()
    {
        var outcomes = new[]
        {
            Closed(new DateOnly(2026, 11, 21), ClosedLateInBeijing), // on its last day
            Closed(new DateOnly(2026, 11, 20), ClosedLateInBeijing), // a day late
            Closed(null, ClosedLateInBeijing), // no deadline: on time
            Open(Today.AddDays(-1)), // overdue
            Open(Today), // due today: not yet overdue
        };

        Assert.Equal(50, ScoreboardRules.OnTimePercent(outcomes, Today)); // 2 on time of 4 known
    }

    [Fact]
    public void TheRateIsRoundedDownSoAlmostAllIsNeverShownAsAll()
    {
        var outcomes = Enumerable.Repeat(Closed(null, ClosedLateInBeijing), 199).Append(Open(Today.AddDays(-1)));

        Assert.Equal(99, ScoreboardRules.OnTimePercent(outcomes, Today));
    }

    [Theory]
    [InlineData(1, 0, null, false, ScoreboardStanding.Black)] // overdue
    [InlineData(1, 5, 83, false, ScoreboardStanding.Black)] // overdue, whatever was closed before
    [InlineData(0, 0, null, true, ScoreboardStanding.Black)] // no progress reported for too long
    [InlineData(0, 2, 100, false, ScoreboardStanding.Red)] // closed, all on time, nothing overdue
    [InlineData(0, 2, 50, false, ScoreboardStanding.Middle)] // closed, one late
    [InlineData(0, 0, null, false, ScoreboardStanding.Middle)] // a fresh list: nothing known yet
    public void RedListTakesUnitsThatClosedEverythingOnTimeBlackListUnitsOverdueOrSilent(int overdue, int closed, int? onTime, bool stale, ScoreboardStanding expected)
    {
        Assert.Equal(expected, ScoreboardRules.Standing(overdue, closed, onTime, stale));
    }

    [Fact]
    public void RanksPutTheRedListFirstTheBlackListLastAndShareARankWhenEqual()
    {
        var figures = new[]
        {
            new ScoreboardFigures(Overdue: 2, Closed: 0, OnTimePercent: 0, IsStale: false, ClosedPercent: 0),
            new ScoreboardFigures(Overdue: 0, Closed: 3, OnTimePercent: 100, IsStale: false, ClosedPercent: 60),
            new ScoreboardFigures(Overdue: 0, Closed: 0, OnTimePercent: null, IsStale: false, ClosedPercent: 0),
            new ScoreboardFigures(Overdue: 0, Closed: 0, OnTimePercent: null, IsStale: false, ClosedPercent: 0),
            new ScoreboardFigures(Overdue: 1, Closed: 1, OnTimePercent: 50, IsStale: false, ClosedPercent: 20),
            new ScoreboardFigures(Overdue: 0, Closed: 1, OnTimePercent: 100, IsStale: false, ClosedPercent: 100),
        };

        Assert.Equal([6, 2, 3, 3, 5, 1], ScoreboardRules.Ranks(figures));
    }

    [Fact]
    public void AFreshListWithoutDeadlinesRanksEveryoneEqualAndBlacklistsNobody()
    {
        var figures = Enumerable.Repeat(new ScoreboardFigures(0, 0, null, false, 0), 5).ToList();

        Assert.All(ScoreboardRules.Ranks(figures), r => Assert.Equal(1, r));
        Assert.All(figures, f => Assert.Equal(ScoreboardStanding.Middle, ScoreboardRules.Standing(f)));
    }

    [Fact]
    public void AUnitThatNeverReportedIsSilentOnlyOnceTheListHasBeenInUseLongerThanTheStalePeriod()
    {
        var loaded = new DateTime(2026, 11, 1, 2, 0, 0, DateTimeKind.Utc);

        Assert.False(ScoreboardRules.IsSilent(null, loaded, new DateOnly(2022, 6, 1), Today, staleDays: 30));
        Assert.True(ScoreboardRules.IsSilent(null, loaded, new DateOnly(2022, 6, 1), new DateOnly(2026, 12, 2), staleDays: 30));
        // A unit that reported counts from its last entry.
        Assert.True(ScoreboardRules.IsSilent(31, loaded, null, Today, staleDays: 30));
        Assert.False(ScoreboardRules.IsSilent(30, loaded, null, Today, staleDays: 30));
    }
    [Fact]
    public void AUnitsFiguresOnADayCountItsOverdueAndClosedProblemsItsRateAndItsSilence()
    {
        var loaded = new DateTime(2026, 9, 1, 2, 0, 0, DateTimeKind.Utc);
        // Closed on time, closed late (Beijing day), open past its deadline, open and not yet due.
        List<ClosureOutcome> problems = [Closed(Today.AddDays(-3), new DateTime(2026, 11, 1, 2, 0, 0, DateTimeKind.Utc)),
            Closed(new DateOnly(2026, 11, 20), ClosedLateInBeijing), Open(Today.AddDays(-1)), Open(Today.AddDays(5))];

        var reporting = ScoreboardRules.Figures(problems, ScoreboardRules.DaysSince(new DateTime(2026, 11, 26, 16, 30, 0, DateTimeKind.Utc), Today), loaded, null, Today, staleDays: 30);

        Assert.Equal(new ScoreboardFigures(Overdue: 1, Closed: 2, OnTimePercent: 33, IsStale: false, ClosedPercent: 50), reporting);
        Assert.Equal(0, ScoreboardRules.DaysSince(new DateTime(2026, 11, 26, 16, 30, 0, DateTimeKind.Utc), Today)); // 00:30 on the 27th in Beijing
        Assert.Null(ScoreboardRules.DaysSince(null, Today));
        Assert.True(ScoreboardRules.Figures(problems, 31, loaded, null, Today, staleDays: 30).IsStale);
        Assert.True(ScoreboardRules.Figures(problems, null, loaded, null, Today, staleDays: 30).IsStale); // never reported in the 87 days since loading
        Assert.Equal(new ScoreboardFigures(0, 0, null, false, 0), ScoreboardRules.Figures([], null, loaded, null, Today, staleDays: 30));
    }
}
