using Linze.BizEnv.Web.Domain;

namespace Linze.BizEnv.UnitTests.Domain;

/// <summary>One rule for every file name the portal keeps or offers: evidence, templates, 公文 and workbooks.</summary>
public class FileNamesTests
{
    [Theory]
    [InlineData("县发改局/粮食局:?", "县发改局_粮食局__")] // Windows refuses \ / : * ? " < > |
    [InlineData("\"通报\"<草稿>|*.docx", "_通报__草稿___.docx")]
    [InlineData("报\r\n告\u0000\u202Efdp.exe", "报告fdp.exe")] // controls go; U+202E would show "fdp.exe" as "exe.pdf"
    [InlineData("周\u200B延年\uFEFF", "周延年")]
    [InlineData(" \u202E\u2066 ", "未命名文件")]
    [InlineData("通报. . .", "通报")] // Windows drops trailing dots and spaces: the name saved would not be the one shown
    [InlineData("..", "未命名文件")]
    [InlineData(".", "未命名文件")]
    public void ANameKeepsWhatItShowsAndWhatWindowsAccepts(string name, string kept) =>
        Assert.Equal(kept, FileNames.Safe(name, 200));

    [Theory]
    [InlineData("C:\\fakepath\\报告.pdf", "报告.pdf")] // as old browsers send it
    [InlineData("../../etc/报告.pdf", "报告.pdf")]
    [InlineData("模板:第二版?.docx", "模板_第二版_.docx")]
    [InlineData("", "未命名文件")]
    [InlineData(null, "未命名文件")]
    public void AnUploadedNameLosesTheFoldersABrowserSentWithIt(string? uploaded, string kept) =>
        Assert.Equal(kept, FileNames.Uploaded(uploaded, 200));

    [Fact]
    public void ALongNameIsCutKeepingItsExtension()
    {
        var kept = FileNames.Safe(new string('长', 500) + ".docx", 120);

        Assert.Equal(120, kept.Length);
        Assert.EndsWith("长.docx", kept, StringComparison.Ordinal);
    }

    [Fact]
    public void ACutNameNeverEndsItsStemInADotBeforeTheExtension()
    {
        // Evidence cut to 200 ("…a.pdf") that holds a PNG gets ".png" added and is cut again: never "…a..png".
        var kept = FileNames.Safe(new string('a', 195) + ".pdf.png", 200);

        Assert.Equal(new string('a', 195) + ".png", kept);
    }

    [Fact]
    public void ACutNeverSplitsACharacterOutsideTheBasicPlane()
    {
        var kept = FileNames.Safe(string.Concat(Enumerable.Repeat("𠀀", 100)) + ".pdf", 9);

        Assert.Equal("𠀀𠀀.pdf", kept);
    }

    [Fact]
    public void ANameWithNothingVisibleGetsTheFallbackGiven() =>
        Assert.Equal("模板.docx", FileNames.Uploaded("\u200B", 100, "模板.docx"));
}
