using Linze.BizEnv.Web.Excel;

namespace Linze.BizEnv.UnitTests.Excel;

public class OfficeTextTests
{
    [Theory]
    [InlineData("1", 1)]
    [InlineData("18.0", 18)]
    [InlineData("3、", 3)]
    [InlineData("一", 1)]
    [InlineData("一、", 1)]
    [InlineData("十", 10)]
    [InlineData("十八", 18)]
    [InlineData("二十", 20)]
    [InlineData("二十一", 21)]
    [InlineData("一十一", 11)]
    [InlineData("（三）", 3)]
    [InlineData("(12)", 12)]
    public void AnIndexIsReadInArabicOrChineseNumerals(string text, int expected)
    {
        Assert.True(OfficeText.TryIndex(text, out var number));
        Assert.Equal(expected, number);
    }

    [Theory]
    [InlineData("")]
    [InlineData("甲")]
    [InlineData("0")]
    [InlineData("零")]
    [InlineData("十十")]
    [InlineData("一二")]
    [InlineData("合计")]
    public void WhatIsNoIndexIsNotTakenForOne(string text) => Assert.False(OfficeText.TryIndex(text, out _));

    [Fact]
    public void NumberedItemsAreSplitTheWaysOfficesNumberThem()
    {
        Assert.Equal(["甲。", "乙。", "丙。"], OfficeText.Items("（一）甲。\n（二）乙。\n（三）丙。"));
        Assert.Equal(["甲。", "乙。"], OfficeText.Items("一、甲。\n二、乙。"));
        Assert.Equal(["甲。", "乙。"], OfficeText.Items("一是甲。\n二是乙。"));
        Assert.Equal(["甲；", "乙；", "丙。"], OfficeText.Items("一是甲；二是乙；三是丙。"));
        Assert.Equal(["甲", "乙"], OfficeText.Items("①甲\n②乙"));
    }

    [Fact]
    public void AnItemStartingWithADigitIsItsOwnItemWhenItsNumberComesNext()
    {
        Assert.Equal(["甲。", "乙。", "2023年起企业反映审批时限仍偏长。"], OfficeText.Items("1.甲。\n2.乙。\n3.2023年起企业反映审批时限仍偏长。"));
        Assert.Equal(["2022年未办结。", "乙。"], OfficeText.Items("1.2022年未办结。\n2.乙。"));
        Assert.Equal(["甲。5.5天内办结。"], OfficeText.Items("1.甲。\n5.5天内办结。"));
    }

    [Fact]
    public void TextThatOnlyLooksNumberedStaysWhole()
    {
        // A decimal is no item number; 一是 inside a word (统一是) is no marker; 二是 only splits after punctuation.
        Assert.Equal(["2.0天办结，比全省慢。"], OfficeText.Items("2.0天办结，比全省慢。"));
        Assert.Equal(["标准统一是难点，二是否合规待定。"], OfficeText.Items("标准统一是难点，二是否合规待定。"));
        Assert.Equal(["甲和二是乙"], OfficeText.Items("一是甲和二是乙"));
    }

    [Theory]
    [InlineData("无")]
    [InlineData("暂无")]
    [InlineData("/")]
    [InlineData("／")]
    [InlineData("—")]
    [InlineData("——")]
    [InlineData("-")]
    [InlineData("　")]
    [InlineData(" 无 ")]
    public void PlaceholdersMeanNothing(string text)
    {
        Assert.True(OfficeText.IsPlaceholder(text));
        Assert.Empty(OfficeText.Items(text));
        Assert.Empty(ListImporter.UnitNames(text));
    }

    [Theory]
    [InlineData("无锡市")]
    [InlineData("无证经营")]
    [InlineData("1/2")]
    public void TextBeginningLikeAPlaceholderIsKept(string text) => Assert.False(OfficeText.IsPlaceholder(text));

    [Fact]
    public void OverlappingMergesAreRefused()
    {
        var bytes = CraftedWorkbooks.WithPart(CraftedWorkbooks.Valid(), "xl/worksheets/sheet1.xml",
            xml => xml.Replace("</sheetData>", "</sheetData><mergeCells count=\"2\"><mergeCell ref=\"A4:B5\"/><mergeCell ref=\"B5:C6\"/></mergeCells>", StringComparison.Ordinal));

        var refusal = Assert.Throws<ImportRefusedException>(() => ListImporter.Read(new MemoryStream(bytes)));

        Assert.Contains("合并单元格相互重叠", refusal.Message, StringComparison.Ordinal);
    }
}
