using Linze.BizEnv.Web.Domain;
using Microsoft.Playwright;
using MiniExcelLibs;

namespace Linze.BizEnv.BrowserTests;

/// <summary>The administrator's first set-up step: an account for every unit, handed out as cut-apart slips.</summary>
[Collection(BrowserCollection.Name)]
public class UnitAccountsTests(BrowserPortal portal)
{
    [Fact]
    public async Task CreatingTheUnitsAccountsShowsThemAtOnceAndDownloadsTheSlips()
    {
        await using var desk = await portal.OpenAsync(1440, 900);
        await desk.LoginAsync(await portal.CreateUserAsync(Roles.Admin));
        await desk.Page.GotoAsync("/admin/users");
        var button = desk.Page.Locator("#create-for-units");
        await Assertions.Expect(button).ToContainTextAsync("个无账号单位创建账号"); // only this test creates them

        var download = desk.Page.WaitForDownloadAsync();
        await button.ClickAsync(); // confirmed by the tab's dialog handler

        // The list shows the new accounts without a reload, and the slips arrive by themselves.
        await Assertions.Expect(desk.Page.Locator("#notice")).ToContainTextAsync("个单位创建账号");
        await Assertions.Expect(desk.Page.Locator("#create-for-units")).ToHaveCountAsync(0);
        Assert.True(await desk.Page.Locator("#user-table tbody tr").CountAsync() > 1);
        var file = await download;
        Assert.StartsWith("单位初始账号-", file.SuggestedFilename, StringComparison.Ordinal);
        var path = await file.PathAsync();
        var labels = MiniExcel.Query(path, useHeaderRow: false, excelType: ExcelType.XLSX).Cast<IDictionary<string, object?>>().Select(r => r["A"] as string).ToList();
        Assert.True(labels.Count(l => l == "一次性密码") > 10);
        await desk.ScreenshotAsync("unit-accounts-created-desktop");

        await using var phone = await portal.OpenAsync(390, 844);
        await phone.LoginAsync(await portal.CreateUserAsync(Roles.Admin));
        await phone.Page.GotoAsync("/admin/users");
        Assert.True(await phone.Page.Locator("#user-table tbody tr").CountAsync() > 1);
        await phone.ScreenshotAsync("unit-accounts-list-phone");
        desk.AssertNoConsoleErrors();
        phone.AssertNoConsoleErrors();
    }
}
