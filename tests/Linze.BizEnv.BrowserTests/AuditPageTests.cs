using Linze.BizEnv.Web.Authorization;
using Linze.BizEnv.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Linze.BizEnv.BrowserTests;

/// <summary>The audit log and the account list stay readable on a desktop and on a 390-px phone.</summary>
[Collection(BrowserCollection.Name)]
public class AuditPageTests(BrowserPortal portal)
{
    /// <summary>The narrowest cell of the first rows, in CSS pixels.</summary>
    private static Task<int> NarrowestCellAsync(IPage page, string table) =>
        page.EvaluateAsync<int>($"() => Math.round(Math.min(...[...document.querySelectorAll('#{table} tbody tr')].slice(0, 10).flatMap(r => [...r.cells]).filter(c => c.offsetParent !== null).map(c => c.getBoundingClientRect().width)))");

    private static Task<int> OverflowAsync(IPage page) =>
        page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");

    private async Task<string> ALongChangeAndAnAdminAsync()
    {
        await portal.Factory.WithDbAsync(async db =>
        {
            var indicator = await db.Indicators.SingleAsync(i => i.Number == 6);
            indicator.ProvinceBest += "（浏览器测试补充：全流程网上办理，办理时间压缩至 1 个工作日以内，并实现电子证照全程共享。）";
            return await db.SaveChangesAsync();
        });
        return await portal.CreateUserAsync(Roles.Admin);
    }

    [Fact]
    public async Task OnADesktopEachAuditLineIsASentenceWithItsFieldsAndTheRawRecordFolded()
    {
        var admin = await ALongChangeAndAnAdminAsync();
        await using var tab = await portal.OpenAsync(1440, 900);
        await tab.LoginAsync(admin);
        await tab.Page.GotoAsync("/admin/audit?entity=Indicator&action=Updated");

        var summary = await tab.Page.Locator("#audit-table .audit-summary").First.InnerTextAsync();
        Assert.StartsWith("系统 将指标 6.", summary, StringComparison.Ordinal);
        Assert.Contains("全省最佳表现", summary, StringComparison.Ordinal);
        Assert.False(await tab.Page.Locator("#audit-table details code").First.IsVisibleAsync());
        await tab.Page.Locator("#audit-table details summary").First.ClickAsync();
        Assert.True(await tab.Page.Locator("#audit-table details code").First.IsVisibleAsync());
        Assert.True(await tab.Page.Locator("#audit-table td.audit-what").First.EvaluateAsync<double>("c => c.getBoundingClientRect().width") >= 320);
        Assert.True(await OverflowAsync(tab.Page) <= 0);
        await tab.ScreenshotAsync("audit-desktop");
        tab.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task OnAPhoneTheAuditLogAndTheAccountListBecomeCardsWithReadableLines()
    {
        var admin = await ALongChangeAndAnAdminAsync();
        await using var tab = await portal.OpenAsync(390, 844);
        await tab.LoginAsync(admin);

        await tab.Page.GotoAsync("/admin/audit");
        Assert.Equal(50, await tab.Page.Locator("#audit-table tbody tr").CountAsync());
        var narrowest = await NarrowestCellAsync(tab.Page, "audit-table");
        Assert.True(narrowest >= 300, $"an audit cell is {narrowest}px wide on a 390px phone");
        var overflow = await OverflowAsync(tab.Page);
        Assert.True(overflow <= 0, $"the audit page is {overflow}px wider than the phone");
        // Each cell names its column, since the header row is hidden.
        Assert.Equal("内容：", await tab.Page.Locator("#audit-table td.audit-what").First.EvaluateAsync<string>("c => getComputedStyle(c, '::before').content.replaceAll('\"', '')"));
        await tab.ScreenshotAsync("audit-phone");
        await tab.Page.ScreenshotAsync(new() { Path = Path.Combine(RepoPaths.Artifacts("screenshots"), "audit-phone-first-screen.png") });

        await tab.Page.GotoAsync("/admin/users");
        var users = await NarrowestCellAsync(tab.Page, "user-table");
        Assert.True(users >= 300, $"an account cell is {users}px wide on a 390px phone");
        Assert.True(await OverflowAsync(tab.Page) <= 0);
        await tab.ScreenshotAsync("users-phone");
        tab.AssertNoConsoleErrors();
    }
}
