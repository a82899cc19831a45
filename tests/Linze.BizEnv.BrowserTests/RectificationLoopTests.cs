using System.Text;
using Linze.BizEnv.Web.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Linze.BizEnv.Web.Domain;

namespace Linze.BizEnv.BrowserTests;

[Collection(BrowserCollection.Name)]
public class RectificationLoopTests(BrowserPortal portal)
{
    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

    [Fact]
    public async Task AUnitSubmitsWithAPdfTheOfficeReturnsItTheUnitResubmitsAndTheOfficeCloses()
    {
        var problemId = await portal.Factory.WithDbAsync(db => db.Problems
            .Where(p => p.Indicator.Number == 1 && p.Ordinal == 1).Select(p => p.Id).SingleAsync());
        await using var unit = await portal.OpenAsync();
        await unit.LoginAsync(await portal.CreateUserAsync(Roles.Unit, "县市场监管局"));
        await using var office = await portal.OpenAsync();
        await office.LoginAsync(await portal.CreateUserAsync(Roles.Admin));
        var page = $"/problems/{problemId}";

        // The unit records progress with a PDF and submits for 销号.
        await unit.Page.GotoAsync(page);
        await unit.Page.GetByLabel("进展内容").FillAsync("已与刻章企业签订协议，新开办企业免费刻章。");
        await unit.Page.GetByLabel("完成进度（%）").FillAsync("100");
        await unit.Page.GetByLabel("佐证材料（可多选）").SetInputFilesAsync(new FilePayload { Name = "免费刻章协议.pdf", MimeType = "application/pdf", Buffer = Pdf });
        await unit.Page.GetByRole(AriaRole.Button, new() { Name = "保存进展" }).ClickAsync();
        await Expect(unit.Page.Locator("#notice"), "已登记整改进展");
        Assert.Contains("免费刻章协议.pdf", await unit.Page.Locator("#timeline").InnerTextAsync(), StringComparison.Ordinal);
        await unit.Page.GetByLabel("整改完成情况说明").FillAsync("新开办企业已全部免费刻章。");
        await unit.Page.GetByRole(AriaRole.Button, new() { Name = "申请销号" }).ClickAsync();
        await Expect(unit.Page.Locator("#status"), "申请销号");

        // The office finds it in the review queue and returns it with a reason.
        await office.Page.GotoAsync("/review");
        await office.Page.Locator("#submitted a").First.ClickAsync();
        await office.Page.GetByLabel("退回理由").FillAsync("协议未盖章，请补充盖章件。");
        await office.Page.GetByRole(AriaRole.Button, new() { Name = "退回", Exact = true }).ClickAsync();
        await Expect(office.Page.Locator("#status"), "整改中");

        // The unit sees why, and resubmits.
        await unit.Page.ReloadAsync();
        await Expect(unit.Page.Locator("#return-reason"), "协议未盖章，请补充盖章件。");
        await unit.ScreenshotAsync("problem-returned");
        await unit.Page.GetByLabel("整改完成情况说明").FillAsync("已补充盖章件。");
        await unit.Page.GetByRole(AriaRole.Button, new() { Name = "申请销号" }).ClickAsync();
        await Expect(unit.Page.Locator("#status"), "申请销号");

        // The office approves: the problem is closed.
        await office.Page.ReloadAsync();
        await office.Page.GetByRole(AriaRole.Button, new() { Name = "批准销号" }).ClickAsync();
        await Expect(office.Page.Locator("#status"), "已销号");
        await office.ScreenshotAsync("problem-closed");

        await unit.Page.ReloadAsync();
        await Expect(unit.Page.Locator("#status"), "已销号");
        Assert.Equal(0, await unit.Page.Locator("#entry-form").CountAsync());
        unit.AssertNoConsoleErrors();
        office.AssertNoConsoleErrors();
    }

    private static async Task Expect(ILocator locator, string text)
    {
        await locator.WaitForAsync();
        for (var i = 0; i < 50 && !(await locator.InnerTextAsync()).Contains(text, StringComparison.Ordinal); i++)
        {
            await Task.Delay(100);
        }

        Assert.Contains(text, await locator.InnerTextAsync(), StringComparison.Ordinal);
    }
}
