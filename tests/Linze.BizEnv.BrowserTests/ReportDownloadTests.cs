using Linze.BizEnv.Web.Authorization;
using Microsoft.Playwright;
using OfficeOpenXml;
using Linze.BizEnv.Web.Domain;

namespace Linze.BizEnv.BrowserTests;

[Collection(BrowserCollection.Name)]
public class ReportDownloadTests(BrowserPortal portal)
{
    [Fact]
    public async Task ALeaderDownloadsTheLedgerAndItOpensAsAWorkbook()
    {
        await using var tab = await portal.OpenAsync();
        await tab.LoginAsync(await portal.CreateUserAsync(Roles.Leader));
        await tab.Page.GetByRole(AriaRole.Link, new() { Name = "报表导出" }).ClickAsync();

        var download = await tab.Page.RunAndWaitForDownloadAsync(() => tab.Page.GetByRole(AriaRole.Button, new() { Name = "下载整改台账" }).ClickAsync());

        Assert.EndsWith(".xlsx", download.SuggestedFilename, StringComparison.Ordinal);
        Assert.StartsWith("整改台账", download.SuggestedFilename, StringComparison.Ordinal);
        var path = Path.Combine(RepoPaths.Artifacts("downloads"), download.SuggestedFilename);
        await download.SaveAsAsync(path);
        using var package = new ExcelPackage(new FileInfo(path));
        var sheet = package.Workbook.Worksheets["整改台账"];
        Assert.Equal("序号", sheet.Cells["A3"].Text);
        Assert.Equal("1-1", sheet.Cells["B4"].Text);
        Assert.Equal("1. 开办企业", sheet.Cells["C4"].Text);
        Assert.Equal(46, sheet.Dimension.End.Row - 3);
        tab.AssertNoConsoleErrors();
    }
}
