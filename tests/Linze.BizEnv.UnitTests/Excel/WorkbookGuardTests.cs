using Linze.BizEnv.Web.Excel;
using static Linze.BizEnv.UnitTests.Excel.CraftedWorkbooks;

namespace Linze.BizEnv.UnitTests.Excel;

/// <summary>
/// EPPlus 4.5 walks the local file headers (not the central directory) and allocates the size each claims, so the guard
/// must see the same records EPPlus will, and refuse the file before EPPlus does.
/// </summary>
public class WorkbookGuardTests
{
    public static TheoryData<string> ZipRecordsThatDisagree => [.. DisagreeingZips];

    [Theory]
    [MemberData(nameof(ZipRecordsThatDisagree))]
    public void AZipWhoseRecordsDisagreeIsRefusedBeforeEpplusSeesIt(string kind)
    {
        using var file = new MemoryStream(Crafted(kind));

        var ex = Assert.Throws<ImportRefusedException>(() => WorkbookGuard.Check(file));

        Assert.StartsWith("文件结构异常", ex.Message, StringComparison.Ordinal);
        Assert.Contains("未导入。", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("as-epplus-writes")]
    [InlineData("as-excel-writes")]
    [InlineData("with-data-descriptors")]
    public void WellFormedWorkbooksPassTheGuardAndImport(string kind)
    {
        var bytes = kind switch
        {
            "as-epplus-writes" => Valid(),
            "as-excel-writes" => Repacked(Valid()),
            _ => Repacked(Valid(), dataDescriptors: true),
        };

        using var file = new MemoryStream(bytes);

        Assert.Equal(["开办企业", "纳税"], ListImporter.Read(file).List.Indicators.Select(i => i.Name));
    }
}
