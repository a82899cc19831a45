using Linze.BizEnv.Web.Excel;
using static Linze.BizEnv.UnitTests.Excel.CraftedWorkbooks;

namespace Linze.BizEnv.UnitTests.Excel;

/// <summary>
/// Workbooks that pass the zip guard but hold what Excel never writes. Each is refused with a Chinese message (the
/// upload answers 422, the command line exits 1), never with another exception (a 500, a stack trace).
/// </summary>
public class MalformedWorkbookTests
{
    private const string Unreadable = "文件已损坏或格式异常，无法读取，未导入。";

    public static TheoryData<string, string> Refusals => new()
    {
        { "footer-dated-february-30", "Sheet1!A7：印发日期“2022年2月30日”不是有效日期。" },
        { "footer-dated-month-13", "Sheet1!A7：印发日期“2022年13月1日”不是有效日期。" },
        { "cell-beyond-column-xfd", "工作表“Sheet1”有超出 Excel 范围的单元格（第 16385 列），文件格式异常，未导入。" },
        { "cell-beyond-row-1048576", "工作表“Sheet1”有超出 Excel 范围的单元格（第 1048577 行），文件格式异常，未导入。" },
        { "merged-range-beyond-the-sheet", Unreadable },
        { "row-number-overflowing-int32", Unreadable },
        { "column-range-overflowing-int32", Unreadable },
        { "style-index-out-of-range", Unreadable },
        { "shared-string-index-out-of-range", Unreadable },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void AMalformedWorkbookIsRefusedWithAChineseMessage(string kind, string message)
    {
        using var file = new MemoryStream(Crafted(kind));

        var ex = Record.Exception(() => ListImporter.Read(file));

        var refused = Assert.IsType<ImportRefusedException>(ex);
        Assert.Equal(message, refused.Message);
    }
}
