using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Domain.Rectification;

namespace Linze.BizEnv.UnitTests.Domain;

public class ProblemWorkflowTests
{
    private static readonly DateTime Now = new(2026, 3, 1, 2, 0, 0, DateTimeKind.Utc);

    private static Problem InState(ProblemStatus status)
    {
        var problem = Problem.Create(1, "问题", new IndicatorUnit { UnitId = 1, Role = UnitRole.Lead });
        problem.SetSchedule(new DateOnly(2026, 6, 30), new DateOnly(2026, 1, 1), 1);
        switch (status)
        {
            case ProblemStatus.NotStarted:
                break;
            case ProblemStatus.InProgress:
                problem.RecordProgress(10, "单位", Now);
                break;
            case ProblemStatus.SubmittedForClosure:
                problem.RecordProgress(90, "单位", Now);
                problem.SubmitForClosure("整改已完成。", hasEvidence: true, "单位", Now);
                break;
            case ProblemStatus.Closed:
                problem.RecordProgress(90, "单位", Now);
                problem.SubmitForClosure("整改已完成。", hasEvidence: true, "单位", Now);
                problem.ApproveClosure(null, "营商办", Now);
                break;
            case ProblemStatus.Ongoing:
                problem.MarkOngoing("营商办", Now);
                break;
        }

        Assert.Equal(status, problem.Status);
        return problem;
    }

    public static TheoryData<ProblemStatus, string, ProblemStatus?> Transitions => new()
    {
        // state, action, resulting state (null: refused)
        { ProblemStatus.NotStarted, "progress", ProblemStatus.InProgress },
        { ProblemStatus.InProgress, "progress", ProblemStatus.InProgress },
        { ProblemStatus.SubmittedForClosure, "progress", ProblemStatus.SubmittedForClosure },
        { ProblemStatus.Ongoing, "progress", ProblemStatus.Ongoing },
        { ProblemStatus.Closed, "progress", null },
        { ProblemStatus.NotStarted, "submit", null },
        { ProblemStatus.InProgress, "submit", ProblemStatus.SubmittedForClosure },
        { ProblemStatus.Ongoing, "submit", ProblemStatus.SubmittedForClosure },
        { ProblemStatus.SubmittedForClosure, "submit", null },
        { ProblemStatus.Closed, "submit", null },
        { ProblemStatus.SubmittedForClosure, "approve", ProblemStatus.Closed },
        { ProblemStatus.NotStarted, "approve", null },
        { ProblemStatus.InProgress, "approve", null },
        { ProblemStatus.Ongoing, "approve", null },
        { ProblemStatus.Closed, "approve", null },
        { ProblemStatus.SubmittedForClosure, "return", ProblemStatus.InProgress },
        { ProblemStatus.NotStarted, "return", null },
        { ProblemStatus.InProgress, "return", null },
        { ProblemStatus.Ongoing, "return", null },
        { ProblemStatus.Closed, "return", null },
        { ProblemStatus.NotStarted, "ongoing", ProblemStatus.Ongoing },
        { ProblemStatus.InProgress, "ongoing", ProblemStatus.Ongoing },
        { ProblemStatus.SubmittedForClosure, "ongoing", null },
        { ProblemStatus.Ongoing, "ongoing", null },
        { ProblemStatus.Closed, "ongoing", null },
        { ProblemStatus.NotStarted, "extend", ProblemStatus.NotStarted },
        { ProblemStatus.InProgress, "extend", ProblemStatus.InProgress },
        { ProblemStatus.SubmittedForClosure, "extend", ProblemStatus.SubmittedForClosure },
        { ProblemStatus.Ongoing, "extend", ProblemStatus.Ongoing },
        { ProblemStatus.Closed, "extend", null },
        { ProblemStatus.InProgress, "measures", ProblemStatus.InProgress },
        { ProblemStatus.Closed, "measures", null },
    };

    [Theory]
    [MemberData(nameof(Transitions))]
    public void EachTransitionIsAllowedOrRefusedAsTheWorkflowSays(ProblemStatus from, string action, ProblemStatus? expected)
    {
        var problem = InState(from);
        var historyBefore = problem.StatusChanges.Count;
        var versionBefore = problem.Version;
        void Act()
        {
            switch (action)
            {
                case "progress": problem.RecordProgress(50, "单位", Now); break;
                case "submit": problem.SubmitForClosure("整改已完成。", hasEvidence: true, "单位", Now); break;
                case "approve": problem.ApproveClosure(null, "营商办", Now); break;
                case "return": problem.ReturnSubmission("材料不全", "营商办", Now); break;
                case "ongoing": problem.MarkOngoing("营商办", Now); break;
                case "extend": problem.RequestExtension(new DateOnly(2026, 9, 30), "需要时间", "单位", Now); break;
                case "measures": problem.EditMeasures("新措施"); break;
                default: throw new ArgumentOutOfRangeException(nameof(action));
            }
        }

        if (expected is null)
        {
            var ex = Assert.Throws<RefusedException>(Act);
            Assert.Matches("[\\u4e00-\\u9fff]", ex.Message);
            Assert.Equal(from, problem.Status);
            Assert.Equal(historyBefore, problem.StatusChanges.Count);
            Assert.Equal(versionBefore, problem.Version);
        }
        else
        {
            Act();
            Assert.Equal(expected, problem.Status);
            Assert.NotEqual(versionBefore, problem.Version);
            if (expected != from)
            {
                var change = problem.StatusChanges[^1];
                Assert.Equal((from, expected.Value), (change.From, change.To));
            }
        }
    }

    [Fact]
    public void SubmittingWithoutEvidenceIsRefused()
    {
        var problem = InState(ProblemStatus.InProgress);
        var ex = Assert.Throws<RefusedException>(() => problem.SubmitForClosure("整改已完成。", hasEvidence: false, "单位", Now));
        Assert.Contains("佐证材料", ex.Message, StringComparison.Ordinal);
        Assert.Equal(ProblemStatus.InProgress, problem.Status);
    }

    [Fact]
    public void AReturnNeedsAReasonWhichTheUnitSeesUntilItResubmits()
    {
        var problem = InState(ProblemStatus.SubmittedForClosure);
        Assert.Throws<RefusedException>(() => problem.ReturnSubmission("  ", "营商办", Now));

        problem.ReturnSubmission("佐证材料不清晰", "营商办", Now);
        Assert.Equal("佐证材料不清晰", problem.ReturnReason);
        Assert.Equal("佐证材料不清晰", problem.StatusChanges[^1].Reason);

        problem.SubmitForClosure("整改已完成。", hasEvidence: true, "单位", Now);
        Assert.Null(problem.ReturnReason);
    }

    [Fact]
    public void ApprovalClosesAtOneHundredPercent()
    {
        var problem = InState(ProblemStatus.SubmittedForClosure);
        problem.ApproveClosure(null, "营商办", Now);
        Assert.Equal(100, problem.PercentComplete);
        Assert.Equal(Now, problem.ClosedAtUtc);
    }

    [Fact]
    public void AnApprovedExtensionMovesTheDueDateAndKeepsTheHistory()
    {
        var problem = InState(ProblemStatus.InProgress);
        var request = problem.RequestExtension(new DateOnly(2026, 9, 30), "资金未到位", "单位", Now);
        request.Id = 7;

        Assert.Throws<RefusedException>(() => problem.RequestExtension(new DateOnly(2026, 10, 30), "再延", "单位", Now));
        problem.DecideExtension(7, approve: true, null, "营商办", Now);

        Assert.Equal(new DateOnly(2026, 9, 30), problem.DueDate);
        Assert.Equal(new DateOnly(2026, 6, 30), request.OldDueDate);
        Assert.Equal(ExtensionStatus.Approved, request.Status);
        Assert.Throws<RefusedException>(() => problem.DecideExtension(7, approve: false, "重复审核", "营商办", Now));
    }

    [Fact]
    public void ARejectedExtensionNeedsAReasonAndLeavesTheDueDate()
    {
        var problem = InState(ProblemStatus.InProgress);
        problem.RequestExtension(new DateOnly(2026, 9, 30), "资金未到位", "单位", Now).Id = 3;

        Assert.Throws<RefusedException>(() => problem.DecideExtension(3, approve: false, null, "营商办", Now));
        problem.DecideExtension(3, approve: false, "理由不充分", "营商办", Now);

        Assert.Equal(new DateOnly(2026, 6, 30), problem.DueDate);
        Assert.Equal(ExtensionStatus.Rejected, problem.ExtensionRequests[0].Status);
    }

    [Theory]
    [InlineData("2026-06-30")]
    [InlineData("2026-05-01")]
    public void AnExtensionMustMoveTheDueDateLater(string newDue)
    {
        var problem = InState(ProblemStatus.InProgress);
        Assert.Throws<RefusedException>(() => problem.RequestExtension(DateOnly.Parse(newDue, System.Globalization.CultureInfo.InvariantCulture), "理由", "单位", Now));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(101)]
    public void PercentCompleteStaysWithinZeroToOneHundred(int percent)
    {
        var problem = InState(ProblemStatus.InProgress);
        Assert.Throws<RefusedException>(() => problem.RecordProgress(percent, "单位", Now));
        Assert.Equal(10, problem.PercentComplete);
    }

    [Fact]
    public void ADueDateBeforeTheStartIsRefused()
    {
        var problem = InState(ProblemStatus.NotStarted);
        Assert.Throws<RefusedException>(() => problem.SetSchedule(new DateOnly(2025, 12, 31), new DateOnly(2026, 1, 1), 1));
    }

    [Fact]
    public void AnEntryMayBeChangedForTwentyFourHoursOnlySayingWhyAfter()
    {
        // Who may change it (its author) is the authorization handler's to decide: ResourceAuthorizationHandlerTests.
        var entry = new ProgressEntry { AuthorId = "a", AuthorName = "甲", Text = "进展", CreatedAtUtc = Now };
        Assert.True(entry.IsChangeable(Now.AddHours(24)));
        Assert.False(entry.IsChangeable(Now.AddHours(24).AddSeconds(1)));
        var refusal = Assert.Throws<RefusedException>(() => entry.CheckChangeable(Now.AddHours(24).AddSeconds(1)));
        Assert.Contains("超过 24 小时", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EntriesWrittenBeforeTheLastSubmissionAreFrozenAndAReturnReopensOnlyLaterOnes()
    {
        var problem = InState(ProblemStatus.InProgress);
        var before = new ProgressEntry { AuthorId = "a", AuthorName = "甲", Text = "提交前", CreatedAtUtc = Now };
        Assert.Null(problem.EntriesFrozenUntilUtc);
        Assert.True(before.IsChangeable(Now.AddMinutes(5), problem.EntriesFrozenUntilUtc));

        problem.SubmitForClosure("整改已完成。", hasEvidence: true, "单位", Now.AddMinutes(1));
        Assert.False(before.IsChangeable(Now.AddMinutes(5), problem.EntriesFrozenUntilUtc));
        problem.ReturnSubmission("材料不全", "营商办", Now.AddMinutes(2));
        var after = new ProgressEntry { AuthorId = "a", AuthorName = "甲", Text = "退回后", CreatedAtUtc = Now.AddMinutes(3) };

        Assert.False(before.IsChangeable(Now.AddMinutes(5), problem.EntriesFrozenUntilUtc));
        Assert.True(after.IsChangeable(Now.AddMinutes(5), problem.EntriesFrozenUntilUtc));
        problem.SubmitForClosure("整改已完成。", hasEvidence: true, "单位", Now.AddMinutes(4));
        problem.ApproveClosure(null, "营商办", Now.AddMinutes(4));
        Assert.False(after.IsChangeable(Now.AddMinutes(5), problem.EntriesFrozenUntilUtc));
    }

    [Theory]
    [InlineData(1001, false)]
    [InlineData(1000, true)]
    public void ReasonsAreBoundedByTheirColumn(int length, bool accepted)
    {
        var problem = InState(ProblemStatus.SubmittedForClosure);
        var reason = new string('因', length);
        var refused = Record.Exception(() => problem.ReturnSubmission(reason, "营商办", Now));
        Assert.Equal(accepted, refused is null);
        Assert.Equal(accepted ? ProblemStatus.InProgress : ProblemStatus.SubmittedForClosure, problem.Status);
        if (!accepted)
        {
            Assert.Contains("退回理由不能超过 1000 个字", refused!.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void TheResponsibleUnitMustHoldARoleOnTheIndicator()
    {
        var indicator = new Indicator { Name = "开办企业" };
        indicator.Units.Add(new IndicatorUnit { UnitId = 1, Role = UnitRole.Lead });
        indicator.Units.Add(new IndicatorUnit { UnitId = 2, Role = UnitRole.Member });
        var problem = Problem.Create(1, "问题", indicator.Units[0]);
        problem.Indicator = indicator;
        var version = problem.Version;

        var refused = Assert.Throws<RefusedException>(() => problem.SetSchedule(null, null, 3));
        Assert.Contains("组长、副组长或成员单位", refused.Message, StringComparison.Ordinal);
        Assert.Equal(1, problem.ResponsibleUnitId);
        Assert.Equal(version, problem.Version);

        problem.SetSchedule(null, null, 2);
        Assert.Equal(2, problem.ResponsibleUnitId);
        Assert.NotEqual(version, problem.Version);
    }

    [Fact]
    public void HandingAProblemToAnotherUnitIsAChangeOthersEditingItSee()
    {
        var problem = InState(ProblemStatus.InProgress);
        var version = problem.Version;

        problem.HandTo(new Unit { Id = 7, Name = "县政务服务中心" });

        Assert.Equal(7, problem.ResponsibleUnitId);
        Assert.NotEqual(version, problem.Version);
    }

    [Fact]
    public void ANewProblemIsAnsweredForByItsIndicatorsLeadUnitAndItsTextIsBounded()
    {
        var problem = Problem.Create(3, "问题", new IndicatorUnit { UnitId = 5, Role = UnitRole.Lead }, new DateOnly(2022, 6, 24));
        Assert.Equal((3, 5, new DateOnly(2022, 6, 24)), (problem.Ordinal, problem.ResponsibleUnitId, problem.StartDate));
        Assert.Equal(ProblemStatus.NotStarted, problem.Status);
        Assert.Throws<RefusedException>(() => Problem.Create(1, new string('问', FieldLengths.LongText + 1)));
    }

    [Fact]
    public void RenumberingAProblemToItsOwnNumberIsNoChange()
    {
        var problem = InState(ProblemStatus.InProgress);
        var version = problem.Version;

        problem.Renumber(problem.Ordinal);

        Assert.Equal(version, problem.Version);
    }

    [Fact]
    public void AProblemAnsweredForCannotBeLeftWithoutAResponsibleUnit()
    {
        var problem = InState(ProblemStatus.InProgress);

        var refused = Assert.Throws<RefusedException>(() => problem.SetSchedule(new DateOnly(2026, 6, 30), new DateOnly(2026, 1, 1), null));

        Assert.Contains("请选择责任单位", refused.Message, StringComparison.Ordinal);
        Assert.Equal(1, problem.ResponsibleUnitId);
    }

    [Fact]
    public void AClosedProblemKeepsItsDeadlineAndUnit()
    {
        var problem = InState(ProblemStatus.Closed);

        var refused = Assert.Throws<RefusedException>(() => problem.SetSchedule(new DateOnly(2027, 6, 30), new DateOnly(2026, 1, 1), 1));

        Assert.Contains("已销号", refused.Message, StringComparison.Ordinal);
        Assert.Equal(new DateOnly(2026, 6, 30), problem.DueDate);
    }
}
