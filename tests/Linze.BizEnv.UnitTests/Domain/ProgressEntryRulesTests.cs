using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Domain.Rectification;

namespace Linze.BizEnv.UnitTests.Domain;

/// <summary>What every entry and instruction must say, wherever it is written from (form, import, CLI).</summary>
public class ProgressEntryRulesTests
{
    private static readonly DateOnly Today = new(2026, 11, 27);

    [Theory]
    [InlineData(0, "", "请填写进展内容")]
    [InlineData(0, "   ", "请填写进展内容")]
    [InlineData(1, "明天的进展", "进展日期不能晚于今天")]
    [InlineData(-10_000, "很久以前", "进展日期不能早于 2000-01-01")]
    public void AnEditThatBreaksARuleIsRefusedSayingWhyAndChangesNothing(int days, string text, string reason)
    {
        var entry = new ProgressEntry { AuthorId = "a", AuthorName = "甲", Text = "原进展", Date = Today };

        var refused = Assert.Throws<RefusedException>(() => entry.Edit(Today.AddDays(days), text, null, Today, confirmed: false));

        Assert.Contains(reason, refused.Message, StringComparison.Ordinal);
        Assert.Equal(("原进展", Today), (entry.Text, entry.Date));
    }

    [Fact]
    public void AnEditWithinTheRulesIsStoredTrimmed()
    {
        var entry = new ProgressEntry { AuthorId = "a", AuthorName = "甲", Text = "原进展", Date = Today };

        entry.Edit(Today.AddDays(-3), "  已完成窗口改造  ", null, Today, confirmed: false);

        Assert.Equal(("已完成窗口改造", Today.AddDays(-3)), (entry.Text, entry.Date));
    }

    [Fact]
    public void AnEntryTextLongerThanItsColumnIsRefused()
    {
        Assert.Throws<RefusedException>(() => ProgressEntry.CheckWork(Today, new string('进', FieldLengths.LongText + 1), Today));
        Assert.Equal(FieldLengths.LongText, ProgressEntry.CheckWork(Today, new string('进', FieldLengths.LongText), Today).Length);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData(null)]
    public void AnInstructionMustSaySomething(string? text) =>
        Assert.Throws<RefusedException>(() => Instruction.Write(1, null, text, "县长"));

    [Fact]
    public void AnInstructionIsBoundedByItsColumnAndStoredTrimmed()
    {
        Assert.Throws<RefusedException>(() => Instruction.Write(1, 2, new string('批', FieldLengths.Reason + 1), "县长"));
        var instruction = Instruction.Write(1, 2, " 请于月底前完成 ", "县长");
        Assert.Equal(("请于月底前完成", 1, 2, "县长"), (instruction.Text, instruction.IndicatorId, instruction.ProblemId, instruction.AuthorName));
    }
}
