using Linze.BizEnv.Web.Domain;

namespace Linze.BizEnv.UnitTests.Domain;

/// <summary>What free text keeps of what was typed or pasted.</summary>
public class PlainTextTests
{
    [Theory]
    [InlineData("请\u202e尽快\u202c报送", "请尽快报送")] // a right-to-left override reversed the 催办 on every page (attack pass)
    [InlineData("\u2066隔离\u2069", "隔离")]
    [InlineData("第一行\r\n第二行\u001b", "第一行\n第二行")]
    [InlineData("表情👨\u200d👩\u200d👧保留", "表情👨\u200d👩\u200d👧保留")] // joiners inside emoji are text
    public void FreeTextLosesControlsAndBidiOverridesAndKeepsWhatShows(string typed, string kept) =>
        Assert.Equal(kept, PlainText.WithoutControls(typed, withoutBidiOverrides: true));

    [Fact]
    public void AUserNameKeepsItsBidiOverrideToBeRefusedAsDisguised() =>
        Assert.Equal("\u202enimda", PlainText.WithoutControls("\u202enimda\u0001"));
    [Theory]
    [InlineData("短", 3, "短")]
    [InlineData("一二三四", 4, "一二三四")]
    [InlineData("一二三四五", 4, "一二三四…")]
    [InlineData("aaa😀😀", 4, "aaa…")] // never half an emoji (U+FFFD on the page; attack pass)
    [InlineData("aa😀😀", 4, "aa😀…")]
    public void AShortenedEchoEndsInAnEllipsisAndNeverSplitsACharacter(string text, int max, string shown)
    {
        Assert.Equal(shown, PlainText.Shorten(text, max));
        Assert.False(char.IsHighSurrogate(PlainText.Prefix(text, max)[^1]));
    }
}
